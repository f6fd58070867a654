import { z } from 'zod';
import { durationMs } from '../src/iso-duration';
import { issueConfirmationCode } from '../src/renewals/confirmation-code';
import { defineWorker, noProperties } from './definition';

export default defineWorker({
  topic: 'issue-confirmation-code',
  variables: z.object({ renewalId: z.number().int().positive(), responseDeadline: z.string() }),
  properties: noProperties,
  async handle(ctx, { variables }) {
    const expiresAt = new Date(ctx.now().getTime() + durationMs(variables.responseDeadline));
    await issueConfirmationCode(ctx, variables.renewalId, expiresAt);
    return { responseDueDate: expiresAt.toISOString() };
  },
});
