/**
 * What bpmn/parking-place-review.bpmn, its decision table bpmn/parking-place-review.dmn, the GPK
 * model that starts it and the TypeScript side agree on. The shared lists (exception reasons,
 * outcomes, decisions, letters) hold these values too; tests/unit/parking-place-review-model.test.ts
 * checks the models against this file.
 */
import type { LetterTemplateName } from '../../letters/templates';
import type { Decision, ExceptionReason, Outcome } from '../../renewals/vocabulary';
import type { Topic } from '../topics';

export const PARKING_PLACE_SERVICE = 'parking-place';
export const PARKING_PLACE_REVIEW_PROCESS_ID = 'parking-place-review';
export const PARKING_PLACE_REVIEW_DECISION_ID = 'parking-place-review';

/** The message the GPK's process starts a review with: a message between processes, no poll. */
export const PARKING_PLACE_REVIEW_MESSAGE = 'parking-place-review-requested';

export const PARKING_PLACE_TOPICS = [
  'check-parking-place',
  'open-exception',
  'withdraw-parking-place',
  'render-letter',
  'send-letter',
  'record-contact-moment',
  'close-renewal',
] as const satisfies readonly Topic[];

/** What the GPK's process says happened to the card (property `trigger` of its request task). */
export const REVIEW_TRIGGERS = ['gpk-renewed', 'gpk-not-renewed', 'holder-left'] as const;
export type ReviewTrigger = (typeof REVIEW_TRIGGERS)[number];

/** Where the holder is, as the municipality's records know it (variable `holderStatus`). */
export const HOLDER_STATUSES = ['here', 'deceased', 'left'] as const;
export type HolderStatus = (typeof HOLDER_STATUSES)[number];

/** The table's answer (output `placeReview`) when the place simply stays; any other answer is one of the reasons below. */
export const PLACE_STAYS = 'KEEP';

/** Why the traffic department must look at the decree (the table's other answers). */
export const PARKING_PLACE_EXCEPTION_REASONS = [
  'GPK_NOT_RENEWED',
  'HOLDER_DECEASED',
  'HOLDER_LEFT',
  'PLATE_CHANGED',
] as const satisfies readonly ExceptionReason[];

/** The traffic department's decisions on a review. */
export const PARKING_PLACE_DECISIONS = ['withdraw-decree', 'keep-place'] as const satisfies readonly Decision[];

/** The traffic department, not the case workers: a decree is theirs to withdraw. */
export const TRAFFIC_DEPARTMENT_GROUP = 'traffic-department';

export const PARKING_PLACE_OUTCOMES = ['place-kept', 'decree-withdrawn'] as const satisfies readonly Outcome[];

export const PARKING_PLACE_LETTERS = [
  'parking-place/place-stays',
  'parking-place/place-withdrawn',
] as const satisfies readonly LetterTemplateName[];

/** One review per place and per GPK case that asked for it: a retried request starts none twice. */
export const reviewSubject = (parkingPlaceId: number, gpkRenewalId: number) => `place-${parkingPlaceId}/gpk-${gpkRenewalId}`;
