import { calendarDate, toIsoDate } from '../../calendar-date';
import { InvalidDataError } from '../../errors';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal, permitRenewal } from '../../renewals/load';
import type { Facts } from '../gpk/residence-rules';

export type VehicleFinding =
  | { vehicleOk: true; vehicleFacts: Facts }
  | { vehicleOk: false; exceptionReason: 'VEHICLE_NOT_REGISTERED_TO_HOLDER'; exceptionFacts: Facts };

/**
 * A resident permit belongs to a vehicle the holder drives: registered in their name in the RDW,
 * or, when they showed a lease or business-car contract, registered at all (to the lessor).
 */
export async function checkVehicle(ctx: RenewalContext, renewalId: number): Promise<VehicleFinding> {
  const loaded = await loadRenewal(ctx.db, renewalId);
  const { permit } = permitRenewal(loaded);
  if (!permit.licencePlate) throw new InvalidDataError(`Renewal ${renewalId}: permit ${permit.number} names no licence plate`);
  const registration = await ctx.rdw.checkHolder(permit.licencePlate, loaded.resident.bsn);
  const facts: Facts = {
    source: 'RDW',
    readOn: toIsoDate(calendarDate(ctx.now())),
    licencePlate: permit.licencePlate,
    vehicleRegistered: registration.registered,
    registeredToHolder: registration.holderMatches,
    leaseDocumented: permit.leaseDocumented,
  };
  const ok = registration.holderMatches || (permit.leaseDocumented && registration.registered);
  return ok
    ? { vehicleOk: true, vehicleFacts: facts }
    : { vehicleOk: false, exceptionReason: 'VEHICLE_NOT_REGISTERED_TO_HOLDER', exceptionFacts: facts };
}
