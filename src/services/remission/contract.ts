/**
 * What bpmn/remission-offer.bpmn, its decision table bpmn/remission-eligibility.dmn and the
 * TypeScript side agree on. The shared lists (exception reasons, outcomes, decisions, letters)
 * hold these values too; tests/unit/remission-offer-model.test.ts checks the model against this file.
 */
import type { LetterTemplateName } from '../../letters/templates';
import type { Decision, ExceptionReason, Outcome } from '../../renewals/vocabulary';
import type { Topic } from '../topics';

export const REMISSION_SERVICE_ID = 'remission';
export const REMISSION_OFFER_PROCESS_ID = 'remission-offer';
export const REMISSION_ELIGIBILITY_DECISION_ID = 'remission-eligibility';

export const REMISSION_TOPICS = [
  'check-income',
  'grant-remission',
  'issue-confirmation-code',
  'render-letter',
  'send-letter',
  'record-contact-moment',
  'open-exception',
  'close-renewal',
] as const satisfies readonly Topic[];

/** What the decision table decides (its output `remissionDecision`); the model routes on each. */
export const REMISSION_TABLE_DECISIONS = ['grant-automatically', 'offer', 'none', 'exception'] as const;
export type RemissionTableDecision = (typeof REMISSION_TABLE_DECISIONS)[number];

export const REMISSION_EXCEPTION_REASONS = [
  'INCOME_DATA_UNKNOWN',
  'RESIDENT_REPORTED_CHANGE',
] as const satisfies readonly ExceptionReason[];

/** How an offer ends. */
export const REMISSION_OUTCOMES = [
  'remission-granted',
  'not-offered',
  'offer-expired',
  'declined',
  'stopped',
  'resident-left',
] as const satisfies readonly Outcome[];

/** The case worker's decisions on a remission exception. */
export const REMISSION_DECISIONS = ['grant-remission', 'stop'] as const satisfies readonly Decision[];

export const REMISSION_LETTERS = ['remission/granted', 'remission/offer'] as const satisfies readonly LetterTemplateName[];
