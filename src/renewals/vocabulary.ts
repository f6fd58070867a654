/**
 * The words every service's model and code share: the business key messages find an instance by,
 * the exception task, the resident's answers, and the lists of exception reasons, decisions and
 * outcomes of every service (each service's contract names its own subset, and its model test
 * checks the model against it). Below the services, so shared steps never import a service.
 */

/** The one human task: a case worker assesses what did not add up. */
export const ASSESS_EXCEPTION_ELEMENT_ID = 'assess-exception';
export const CASE_WORKER_GROUP = 'case-workers';

/** Every renewal's process instance carries this business key: messages find it by it. */
export const renewalBusinessKey = (renewalId: number) => `renewal-${renewalId}`;

/** Message the resident's answer arrives as; correlated by the renewal's business key. */
export const RESIDENT_RESPONSE_MESSAGE = 'resident-response';
export const RESIDENT_RESPONSES = ['confirmed', 'reported-change', 'declined'] as const;
export type ResidentResponse = (typeof RESIDENT_RESPONSES)[number];

/** Why a renewal needs a person. Shown to the case worker; stored with the renewal. */
export const EXCEPTION_REASONS = [
  'MOVED_AWAY',
  'DECEASED',
  'EMIGRATED',
  'ADDRESS_UNKNOWN',
  // The BRP still shows an address, but the municipality established the holder does not live
  // there (indicatieVastgesteldVerblijftNietOpAdres). Not ADDRESS_UNKNOWN: the case worker must
  // know that the registered address is wrong, not merely missing, and send nothing there.
  'NOT_LIVING_AT_ADDRESS',
  'NOT_IN_REGISTER',
  'INDICATION_ENDS',
  'NO_RESPONSE',
  'RESIDENT_REPORTED_CHANGE',
  // Waste levy remission: the Inlichtingenbureau had no (complete) income data on the household.
  'INCOME_DATA_UNKNOWN',
  // Resident parking permit (src/services/parking-permit/contract.ts).
  'MOVED_OUT_OF_ZONE',
  'VEHICLE_NOT_REGISTERED_TO_HOLDER',
  'PAYMENT_REFUSED',
  'OVER_ADDRESS_LIMIT',
  // Disabled parking place (src/services/parking-place/contract.ts).
  'GPK_NOT_RENEWED',
  'HOLDER_DECEASED',
  'HOLDER_LEFT',
  'PLATE_CHANGED',
  // Children's participation offer (src/services/participation/contract.ts).
  'PARTICIPATION_RECORD_OUTDATED',
  'HOUSEHOLD_UNCLEAR',
] as const;
export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];

/** The case worker's decisions on an exception, of every service (each model routes on its own). */
export const DECISIONS = [
  'renew-anyway',
  'medical-assessment',
  'stop',
  // Waste levy remission (src/services/remission/contract.ts).
  'grant-remission',
  // Disabled parking place (src/services/parking-place/contract.ts): the traffic department's.
  'withdraw-decree',
  'keep-place',
  // Children's participation offer (src/services/participation/contract.ts).
  'offer-participation',
] as const;
export type Decision = (typeof DECISIONS)[number];

/** How a renewal or offer ends (property `outcome` of the close-renewal tasks), of every service. */
export const OUTCOMES = [
  'renewed',
  'notified',
  'assessment-needed',
  'stopped',
  'declined',
  'resident-left',
  // Waste levy remission (src/services/remission/contract.ts).
  'remission-granted',
  'not-offered',
  'offer-expired',
  // Disabled parking place (src/services/parking-place/contract.ts).
  'place-kept',
  'decree-withdrawn',
  // Children's participation offer (src/services/participation/contract.ts).
  'participation-offered',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The outcomes in which the resident got what the service gives: a renewed card, a remitted levy, a place kept, a participation allowance. */
export const GRANTED_OUTCOMES = [
  'renewed',
  'remission-granted',
  'place-kept',
  'participation-offered',
] as const satisfies readonly Outcome[];
