import { z } from 'zod';
import { durationMs } from '../src/iso-duration';
import { issueConfirmationCode } from '../src/renewals/confirmation-code';
import { defineJob, noHeaders } from './job-definition';

export default defineJob({
  type: 'issue-confirmation-code',
  variables: z.object({ renewalId: z.number().int().positive(), responseDeadline: z.string() }),
  headers: noHeaders,
  async handle(ctx, { variables }) {
    const expiresAt = new Date(ctx.now().getTime() + durationMs(variables.responseDeadline));
    await issueConfirmationCode(ctx, variables.renewalId, expiresAt);
    return { responseDueDate: expiresAt.toISOString() };
  },
});
