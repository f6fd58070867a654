import { toIsoDate } from '../calendar-date';
import type { Finding } from './residence-rules';

export interface IndicationOnRecord {
  kind: 'PERMANENT' | 'TEMPORARY';
  assessedOn: Date;
  endsOn: Date | null;
}

/**
 * Regeling gehandicaptenparkeerkaart art. 2(2): the card may be renewed without a new medical
 * assessment when the municipality knows the holder still qualifies. We know that only for a
 * permanent indication, or a temporary one that covers the whole new period.
 */
export function assessIndication(indication: IndicationOnRecord | null, newExpiresOn: Date, readOn: string): Finding {
  const base = { source: 'municipal GPK records', readOn };
  if (indication === null) {
    return { ok: false, reason: 'INDICATION_ENDS', facts: { ...base, indication: 'no medical indication on record' } };
  }
  const facts = {
    ...base,
    indication: indication.kind === 'PERMANENT' ? 'permanent' : 'temporary',
    assessedOn: toIsoDate(indication.assessedOn),
    endsOn: indication.endsOn ? toIsoDate(indication.endsOn) : null,
    newPeriodEndsOn: toIsoDate(newExpiresOn),
  };
  if (indication.kind === 'PERMANENT') return { ok: true, facts };
  if (indication.endsOn !== null && indication.endsOn.getTime() >= newExpiresOn.getTime()) return { ok: true, facts };
  return { ok: false, reason: 'INDICATION_ENDS', facts };
}
