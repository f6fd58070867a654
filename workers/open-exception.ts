import { z } from 'zod';
import { EXCEPTION_REASONS } from '../src/renewals/vocabulary';
import { factsText, openException } from '../src/exceptions/open-exception';
import { defineWorker, jsonObject, noProperties } from './definition';

export default defineWorker({
  topic: 'open-exception',
  variables: z.object({
    renewalId: z.number().int().positive(),
    exceptionReason: z.enum(EXCEPTION_REASONS),
    /** Set by a check worker; the model's own exceptions (no answer, a reported change) carry their facts in the variables below. */
    exceptionFacts: jsonObject.optional(),
    responseDeadline: z.string().optional(),
    residentReport: z.string().optional(),
  }),
  properties: noProperties,
  async handle(ctx, { variables }) {
    const facts: Record<string, unknown> =
      (variables.exceptionFacts as Record<string, unknown> | undefined) ??
      (variables.exceptionReason === 'NO_RESPONSE'
        ? { responseDeadline: variables.responseDeadline }
        : variables.exceptionReason === 'RESIDENT_REPORTED_CHANGE'
          ? { residentReport: variables.residentReport }
          : {});
    const { dueDate } = await openException(ctx, variables.renewalId, variables.exceptionReason, facts);
    // The case worker's form in Operaton's Tasklist shows the facts as text (see bpmn/assess-exception.form).
    return { exceptionDueDate: dueDate.toISOString(), exceptionFactsText: factsText(facts) };
  },
});
