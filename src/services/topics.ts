/**
 * Every external-task topic. Each has a worker file of the same name in workers/ and an element
 * template in bpmn/element-templates/ (tests/unit/element-templates.test.ts keeps them in step).
 * Shared steps serve every service; a service adds a topic only for a data source of its own.
 */
export const TOPICS = [
  // Shared steps.
  'open-exception',
  'render-letter',
  'send-letter',
  'issue-confirmation-code',
  'record-contact-moment',
  'close-renewal',
  // Register checks and orders: the BRP, the municipality's GPK records, the card producer.
  'check-residence',
  'check-indication',
  'order-card',
  // Waste levy remission: the Inlichtingenbureau's income check, and the grant in the tax records.
  'check-income',
  'grant-remission',
  // Resident parking permit: the RDW's vehicle register, the zones, the payment provider.
  'check-vehicle',
  'check-zone',
  'charge-permit',
  // Disabled parking place: the GPK's request for a review, the place register, the withdrawal.
  'request-parking-place-review',
  'check-parking-place',
  'withdraw-parking-place',
  // Children's participation offer: the municipality's participation records, and the allowance.
  'check-participation',
  'grant-participation',
] as const;
export type Topic = (typeof TOPICS)[number];
