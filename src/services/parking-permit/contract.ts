/**
 * What bpmn/parking-permit-renewal.bpmn, bpmn/parking-permit-zone.dmn and the TypeScript side
 * agree on; tests/process/parking-permit-renewal.test.ts runs the model on the engine against them.
 */
import type { LetterTemplateName } from '../../letters/templates';
import type { Outcome } from '../../renewals/vocabulary';
import type { Topic } from '../topics';

export const PARKING_PERMIT_SERVICE = 'parking-permit';
export const PARKING_PERMIT_RENEWAL_PROCESS_ID = 'parking-permit-renewal';
export const PARKING_PERMIT_ZONE_DECISION = 'parking-permit-zone';

/** The external-task topics the parking permit model uses (all topics: src/services/topics.ts). */
export const PARKING_PERMIT_TOPICS = [
  'check-residence',
  'check-zone',
  'check-vehicle',
  'charge-permit',
  'open-exception',
  'render-letter',
  'send-letter',
  'record-contact-moment',
  'close-renewal',
] as const satisfies readonly Topic[];

/** The zone decision table's answers (output zoneDecision); anything but ALLOWED is also the exception reason. */
export const ZONE_DECISIONS = ['ALLOWED', 'MOVED_OUT_OF_ZONE', 'OVER_ADDRESS_LIMIT'] as const;
export type ZoneDecision = (typeof ZONE_DECISIONS)[number];

/** How a parking permit renewal ends. */
export const PARKING_PERMIT_OUTCOMES = ['renewed', 'notified', 'stopped', 'resident-left'] as const satisfies readonly Outcome[];

export const PARKING_PERMIT_LETTERS = [
  'parking-permit/renewed',
  'parking-permit/renewal-notice',
] as const satisfies readonly LetterTemplateName[];
