import { calendarDate, toIsoDate } from '../../calendar-date';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal, permitRenewal } from '../../renewals/load';
import type { Facts } from './residence-rules';

/**
 * What the decision table bpmn/gpk-indication.dmn decides on: the medical indication on record
 * and the end of the new period. The rule itself (Regeling GPK art. 2(2)) lives in the table, so
 * the process owner can read and change it in Camunda Modeler.
 */
export type IndicationOnRecord = {
  indicationKind: 'PERMANENT' | 'TEMPORARY' | 'NONE';
  indicationEndsOn: string | null;
  newPeriodEndsOn: string;
  /** Shown to the case worker when the table says a person must look. */
  indicationFacts: Facts;
};

export async function checkIndication(ctx: RenewalContext, renewalId: number): Promise<IndicationOnRecord> {
  const loaded = await loadRenewal(ctx.db, renewalId);
  const { indication } = loaded;
  const newPeriodEndsOn = toIsoDate(permitRenewal(loaded).newExpiresOn);
  const base = { source: 'municipal GPK records', readOn: toIsoDate(calendarDate(ctx.now())) };
  if (indication === null) {
    return {
      indicationKind: 'NONE',
      indicationEndsOn: null,
      newPeriodEndsOn,
      indicationFacts: { ...base, indication: 'no medical indication on record' },
    };
  }
  const indicationEndsOn = indication.endsOn ? toIsoDate(indication.endsOn) : null;
  return {
    indicationKind: indication.kind,
    indicationEndsOn,
    newPeriodEndsOn,
    indicationFacts: {
      ...base,
      indication: indication.kind === 'PERMANENT' ? 'permanent' : 'temporary',
      assessedOn: toIsoDate(indication.assessedOn),
      endsOn: indicationEndsOn,
      newPeriodEndsOn,
    },
  };
}
