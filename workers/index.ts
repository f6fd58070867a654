import type { Zeebe } from '@camunda8/sdk';
import type { Logger } from '../src/logger';
import type { JobType } from '../src/process/gpk-renewal-contract';
import type { RenewalContext } from '../src/renewals/context';
import checkIndication from './check-indication';
import checkResidence from './check-residence';
import closeRenewal from './close-renewal';
import issueConfirmationCode from './issue-confirmation-code';
import { runJob, type ActivatedJob, type JobDefinition } from './job-definition';
import openException from './open-exception';
import orderCard from './order-card';
import recordContactMoment from './record-contact-moment';
import renderLetter from './render-letter';
import sendLetter from './send-letter';

/** The one registry of job workers: job type -> definition (file of the same name). */
export const JOB_DEFINITIONS: Record<JobType, JobDefinition<unknown, unknown>> = {
  'check-residence': checkResidence as JobDefinition<unknown, unknown>,
  'check-indication': checkIndication as JobDefinition<unknown, unknown>,
  'open-exception': openException as JobDefinition<unknown, unknown>,
  'render-letter': renderLetter as JobDefinition<unknown, unknown>,
  'send-letter': sendLetter as JobDefinition<unknown, unknown>,
  'order-card': orderCard as JobDefinition<unknown, unknown>,
  'issue-confirmation-code': issueConfirmationCode as JobDefinition<unknown, unknown>,
  'record-contact-moment': recordContactMoment as JobDefinition<unknown, unknown>,
  'close-renewal': closeRenewal as JobDefinition<unknown, unknown>,
};

/** Opens one Zeebe job worker per job type; close them through the returned function. */
export function startWorkers(zeebe: Zeebe.ZeebeGrpcClient, ctx: RenewalContext, logger: Logger): () => Promise<void> {
  const workers = Object.values(JOB_DEFINITIONS).map((definition) =>
    zeebe.createWorker({
      taskType: definition.type,
      maxJobsToActivate: 8,
      timeout: 60_000,
      taskHandler: async (job) => {
        const outcome = await runJob(definition, job as unknown as ActivatedJob, ctx, logger);
        return outcome.kind === 'complete'
          ? job.complete(outcome.variables as Parameters<typeof job.complete>[0])
          : job.fail({ errorMessage: outcome.errorMessage, retries: outcome.retries, retryBackOff: outcome.retryBackOffMs });
      },
    }),
  );
  return async () => {
    await Promise.all(workers.map((w) => w.close()));
  };
}
