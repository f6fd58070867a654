import { z } from 'zod';
import { LETTER_TEMPLATES } from '../src/letters/templates';
import { renderRenewalLetter } from '../src/services/render-letter';
import { defineWorker } from './definition';

export default defineWorker({
  topic: 'render-letter',
  variables: z.object({ renewalId: z.number().int().positive(), decisionNote: z.string().optional() }),
  properties: z.object({ template: z.enum(LETTER_TEMPLATES) }),
  async handle(ctx, { variables, properties, idempotencyKey }) {
    await renderRenewalLetter(ctx, variables.renewalId, properties.template, idempotencyKey, {
      decisionNote: variables.decisionNote,
    });
    return {};
  },
});
