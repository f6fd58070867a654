import { calendarDate, toIsoDate } from '../../calendar-date';
import { InvalidDataError } from '../../errors';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal, permitRenewal } from '../../renewals/load';
import type { Facts } from '../gpk/residence-rules';
import { PARKING_PERMIT_SERVICE } from './contract';

/**
 * What the decision table bpmn/parking-permit-zone.dmn decides on: whether the holder's address
 * lies in the permit's zone, and how many permits the address holds against the zone's maximum.
 * The address is the one Tijdig holds, which check-residence (before this step) has just brought
 * in line with the BRP, so a holder who moved within the municipality is judged at the new one.
 */
export interface ZoneFindings {
  inZone: boolean;
  permitsOnAddress: number;
  maxPermitsPerAddress: number;
  /** Shown to the case worker when the table says a person must look. */
  zoneFacts: Facts;
}

const compactPostcode = (postcode: string) => postcode.replace(/\s+/g, '').toUpperCase();

/** An address is in the zone by its full postcode, its postcode area (4 digits) or its street. */
export function addressInZone(
  address: { postalCode: string; street: string },
  zone: { postalCodes: string[]; streets: string[] },
): boolean {
  const postcode = compactPostcode(address.postalCode);
  const street = address.street.trim().toLowerCase();
  return (
    zone.postalCodes.some((entry) => {
      const code = compactPostcode(entry);
      return code.length === 4 ? postcode.startsWith(code) : postcode === code;
    }) || zone.streets.some((s) => s.trim().toLowerCase() === street)
  );
}

export async function checkZone(ctx: RenewalContext, renewalId: number): Promise<ZoneFindings> {
  const loaded = await loadRenewal(ctx.db, renewalId);
  const { permit, newValidFrom } = permitRenewal(loaded);
  const { address } = loaded;
  if (!permit.zoneCode) throw new InvalidDataError(`Renewal ${renewalId}: permit ${permit.number} names no parking zone`);
  const zone = await ctx.db.parkingZone.findUniqueOrThrow({ where: { code: permit.zoneCode } });
  const base = { source: 'BRP address and municipal parking zones', readOn: toIsoDate(calendarDate(ctx.now())) };
  if (!address) throw new InvalidDataError(`Renewal ${renewalId}: the holder has no current address`);
  // Every parking permit still valid when the new period starts at this address (this one too),
  // whoever holds it: the zone's maximum is per address, not per resident.
  const permitsOnAddress = await ctx.db.permit.count({
    where: {
      service: PARKING_PERMIT_SERVICE,
      expiresOn: { gte: newValidFrom },
      resident: {
        addresses: {
          some: {
            validUntil: null,
            postalCode: address.postalCode,
            houseNumber: address.houseNumber,
            houseNumberAddition: address.houseNumberAddition,
          },
        },
      },
    },
  });
  const inZone = addressInZone(address, zone);
  return {
    inZone,
    permitsOnAddress,
    maxPermitsPerAddress: zone.maxPermitsPerAddress,
    zoneFacts: {
      ...base,
      zone: `${zone.name} (${zone.code})`,
      address: [address.street, address.houseNumber, address.houseNumberAddition, address.postalCode].filter(Boolean).join(' '),
      addressInZone: inZone,
      permitsOnAddress,
      maxPermitsPerAddress: zone.maxPermitsPerAddress,
    },
  };
}
