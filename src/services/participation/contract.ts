/**
 * What bpmn/participation-offer.bpmn, its decision table bpmn/participation-eligibility.dmn and
 * the TypeScript side agree on. The shared lists (exception reasons, outcomes, decisions, letters)
 * hold these values too; tests/unit/participation-offer-model.test.ts checks the model against this file.
 */
import type { LetterTemplateName } from '../../letters/templates';
import type { Decision, ExceptionReason, Outcome } from '../../renewals/vocabulary';
import type { Topic } from '../topics';

export const PARTICIPATION_SERVICE_ID = 'participation';
export const PARTICIPATION_OFFER_PROCESS_ID = 'participation-offer';
export const PARTICIPATION_ELIGIBILITY_DECISION_ID = 'participation-eligibility';

export const PARTICIPATION_TOPICS = [
  'check-residence',
  'check-participation',
  'grant-participation',
  'render-letter',
  'send-letter',
  'record-contact-moment',
  'open-exception',
  'close-renewal',
] as const satisfies readonly Topic[];

/** What the decision table decides (its output `participationDecision`); the model routes on each. */
export const PARTICIPATION_TABLE_DECISIONS = ['offer', 'none', 'record-outdated', 'household-unclear'] as const;
export type ParticipationTableDecision = (typeof PARTICIPATION_TABLE_DECISIONS)[number];

/** The table's outputs besides the decision, set on the offer row: the age range and the amounts per child. */
export const PARTICIPATION_TABLE_OUTPUTS = ['minimumAge', 'maximumAge', 'sportAmountEuros', 'cultureAmountEuros'] as const;

/**
 * The reasons this model opens an exception with: its own two, set by the model from the table's
 * decision, and every reason the shared residence check may give (no usable address, moved away...).
 */
export const PARTICIPATION_OWN_EXCEPTION_REASONS = [
  'PARTICIPATION_RECORD_OUTDATED',
  'HOUSEHOLD_UNCLEAR',
] as const satisfies readonly ExceptionReason[];

/** How an offer ends. */
export const PARTICIPATION_OUTCOMES = [
  'participation-offered',
  'not-offered',
  'stopped',
  'resident-left',
] as const satisfies readonly Outcome[];

/**
 * The case worker's decisions: make the offer (the table decides again with the record and the
 * household taken as the case worker confirmed them), or stop.
 */
export const PARTICIPATION_DECISIONS = ['offer-participation', 'stop'] as const satisfies readonly Decision[];

export const PARTICIPATION_LETTERS = ['participation/offer'] as const satisfies readonly LetterTemplateName[];
