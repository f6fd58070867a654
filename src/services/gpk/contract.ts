import type { Decision, Outcome } from '../../renewals/vocabulary';
import type { Topic } from '../topics';

export const GPK_RENEWAL_PROCESS_ID = 'gpk-renewal';

/** The external-task topics the GPK model uses (all topics: src/services/topics.ts). */
export const GPK_TOPICS = [
  'check-residence',
  'request-parking-place-review',
  'check-indication',
  'open-exception',
  'render-letter',
  'send-letter',
  'order-card',
  'issue-confirmation-code',
  'record-contact-moment',
  'close-renewal',
] as const satisfies readonly Topic[];

/** The decisions the GPK model routes on. */
export const GPK_DECISIONS = ['renew-anyway', 'medical-assessment', 'stop'] as const satisfies readonly Decision[];

/** The outcomes the GPK model ends with. */
export const GPK_OUTCOMES = [
  'renewed',
  'notified',
  'assessment-needed',
  'stopped',
  'declined',
  'resident-left',
] as const satisfies readonly Outcome[];
