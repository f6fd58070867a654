import type { ExceptionReason } from '../process/gpk-renewal-contract';
import type { BrpResidence } from '../registers/brp/client';

/** What the case worker sees: each fact with where it came from and when it was read. */
export interface Facts {
  source: string;
  readOn: string;
  [fact: string]: unknown;
}

export type Finding = { ok: true; facts: Facts } | { ok: false; reason: ExceptionReason; facts: Facts };

/**
 * The GPK is issued by the municipality where the holder is registered in the BRP (BABW art. 49),
 * so a renewal goes ahead only for a living holder still registered here at a known address.
 */
export function assessResidence(brp: BrpResidence | null, municipalityCode: string, readOn: string): Finding {
  const base = { source: 'BRP', readOn };
  if (brp === null) return { ok: false, reason: 'NOT_IN_REGISTER', facts: { ...base, person: 'not found in the BRP' } };
  if (brp.deceasedOn !== null || brp.suspension === 'DECEASED') {
    return { ok: false, reason: 'DECEASED', facts: { ...base, deceasedOn: brp.deceasedOn } };
  }
  if (brp.suspension === 'EMIGRATED' || brp.foreignCountry !== null) {
    return { ok: false, reason: 'EMIGRATED', facts: { ...base, country: brp.foreignCountry } };
  }
  if (brp.municipality?.code !== municipalityCode) {
    return {
      ok: false,
      reason: 'MOVED_AWAY',
      facts: { ...base, registeredIn: brp.municipality ? `${brp.municipality.name} (${brp.municipality.code})` : null },
    };
  }
  if (brp.address === null || brp.addressLines.length === 0) {
    return { ok: false, reason: 'ADDRESS_UNKNOWN', facts: { ...base, address: 'no residential address in the BRP' } };
  }
  return { ok: true, facts: { ...base, municipality: brp.municipality.name, addressLines: brp.addressLines } };
}
