import type { Logger } from '../../src/logger';
import type { JobType } from '../../src/process/gpk-renewal-contract';
import type { RenewalContext } from '../../src/renewals/context';
import { JOB_DEFINITIONS } from '../../workers';
import { runJob, type JobOutcome } from '../../workers/job-definition';

let jobKey = 1000;

/**
 * Hands a job to the real worker code the way Zeebe delivers it: an activated job with the
 * element id of the BPMN task, its headers and the instance's variables. Delivering the same
 * element twice is what the engine does after a lost completion.
 */
export function deliver(
  ctx: RenewalContext,
  logger: Logger,
  job: {
    type: JobType;
    elementId: string;
    variables: Record<string, unknown>;
    headers?: Record<string, unknown>;
    retries?: number;
  },
): Promise<JobOutcome> {
  jobKey += 1;
  return runJob(
    JOB_DEFINITIONS[job.type],
    {
      key: String(jobKey),
      type: job.type,
      processInstanceKey: '2251799813685249',
      elementId: job.elementId,
      retries: job.retries ?? 5,
      variables: job.variables,
      customHeaders: job.headers ?? {},
    },
    ctx,
    logger,
  );
}

export function completed(outcome: JobOutcome): Record<string, unknown> {
  if (outcome.kind !== 'complete') throw new Error(`expected the job to complete, but it failed: ${outcome.errorMessage}`);
  return outcome.variables;
}
