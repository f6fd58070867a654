import type { ExceptionReason } from '../../renewals/vocabulary';
import type { BrpDate, BrpResidence } from '../../registers/brp/client';

/** What the case worker sees: each fact with where it came from and when it was read. */
export interface Facts {
  source: string;
  readOn: string;
  [fact: string]: unknown;
}

export type Finding = { ok: true; facts: Facts } | { ok: false; reason: ExceptionReason; facts: Facts };

/**
 * The GPK is issued by the municipality where the holder is registered in the BRP (BABW art. 49),
 * so a renewal goes ahead only for a living holder still registered here at an address where
 * the holder really lives.
 */
export function assessResidence(brp: BrpResidence | null, municipalityCode: string, readOn: string): Finding {
  const base = { source: 'BRP', readOn };
  if (brp === null) return { ok: false, reason: 'NOT_IN_REGISTER', facts: { ...base, person: 'not found in the BRP' } };
  if (brp.death !== null || brp.suspension === 'DECEASED') {
    return { ok: false, reason: 'DECEASED', facts: { ...base, deceasedOn: brp.death && describeDate(brp.death) } };
  }
  if (brp.suspension === 'EMIGRATED' || brp.abroad !== null) {
    return { ok: false, reason: 'EMIGRATED', facts: { ...base, country: brp.abroad?.country ?? null } };
  }
  if (brp.municipality?.code !== municipalityCode) {
    return { ok: false, reason: 'MOVED_AWAY', facts: { ...base, registeredIn: describeMunicipality(brp.municipality) } };
  }
  // Before the address check: the BRP still shows the address, but the municipality has
  // established that the holder does not live there, so a letter or card sent there is lost.
  if (brp.notLivingAtAddress) {
    return {
      ok: false,
      reason: 'NOT_LIVING_AT_ADDRESS',
      facts: {
        ...base,
        address: 'the municipality established that the holder does not live here',
        addressLines: brp.addressLines,
      },
    };
  }
  if (brp.address === null || brp.addressLines.length === 0) {
    return { ok: false, reason: 'ADDRESS_UNKNOWN', facts: { ...base, address: 'no complete residential address in the BRP' } };
  }
  return { ok: true, facts: { ...base, municipality: brp.municipality.name, addressLines: brp.addressLines } };
}

/** A full date as it is ("2024-03-15"); a partial one with the BRP's wording, when that adds anything. */
function describeDate(date: BrpDate): string {
  if (date.complete || date.longFormat === null || date.longFormat === date.value) return date.value;
  return `${date.value} (${date.longFormat})`;
}

function describeMunicipality(municipality: BrpResidence['municipality']): string | null {
  if (municipality === null) return null;
  if (municipality.name !== null && municipality.code !== null) return `${municipality.name} (${municipality.code})`;
  return municipality.name ?? municipality.code;
}
