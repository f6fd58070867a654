/**
 * What bpmn/gpk-renewal.bpmn and the TypeScript side agree on: topics, task properties, variables,
 * messages, exception reasons and case-worker decisions. tests/unit/gpk-renewal-model.test.ts
 * checks the model against this file, so a rename on one side cannot silently break the other.
 */
import type { Topic } from '../topics';

export const GPK_RENEWAL_PROCESS_ID = 'gpk-renewal';

/** The external-task topics the GPK model uses (all topics: src/services/topics.ts). */
export const GPK_TOPICS = [
  'check-residence',
  'check-indication',
  'open-exception',
  'render-letter',
  'send-letter',
  'order-card',
  'issue-confirmation-code',
  'record-contact-moment',
  'close-renewal',
] as const satisfies readonly Topic[];

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
  // Children's participation offer (src/services/participation/contract.ts).
  'offer-participation',
] as const;
export type Decision = (typeof DECISIONS)[number];
/** The decisions the GPK model routes on. */
export const GPK_DECISIONS = ['renew-anyway', 'medical-assessment', 'stop'] as const satisfies readonly Decision[];

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
  // Children's participation offer (src/services/participation/contract.ts).
  'participation-offered',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** The outcomes in which the resident got what the service gives: a renewed card, a remitted levy. */
export const GRANTED_OUTCOMES = ['renewed', 'remission-granted', 'participation-offered'] as const satisfies readonly Outcome[];
/** The outcomes the GPK model ends with. */
export const GPK_OUTCOMES = [
  'renewed',
  'notified',
  'assessment-needed',
  'stopped',
  'declined',
  'resident-left',
] as const satisfies readonly Outcome[];

/** Letter templates the model names in `template` properties (files in templates/letters/). */
export { LETTER_TEMPLATES, type LetterTemplateName } from '../../letters/templates';
