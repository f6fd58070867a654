import { BPMN_DIR } from '../../src/engine/connect';
import type { ExternalTask, ProcessEngine, TaskOutcome } from '../../src/engine/port';
import { GPK_RENEWAL_PROCESS_ID } from '../../src/services/gpk/contract';
import { removeAllProcessInstances, testEngine } from '../support/engine';
import { until } from '../support/until';

/**
 * A worker that stops while its long poll waits on the engine: the engine would still lock a new
 * task for that poll, for the whole lock duration, to a worker that is gone. Stop waits for the
 * poll's answer and hands back what it brought, so the next worker gets the task at once.
 */
describe('external-task workers stopping', () => {
  jest.setTimeout(60_000);
  let engine: ProcessEngine;

  beforeAll(async () => {
    engine = testEngine();
    await engine.deploy(BPMN_DIR);
  });

  afterAll(() => removeAllProcessInstances());

  const refuse = (): TaskOutcome => ({ kind: 'failure', message: 'test worker', retries: 0, retryTimeoutMs: 0 });

  it('when workers stop while their long poll waits and a task appears meanwhile, then workers started after get it long before its lock would run out', async () => {
    const stopped: ExternalTask[] = [];
    const first = engine.subscribe([{ topic: 'check-residence', handler: async (task) => (stopped.push(task), refuse()) }], {
      maxConcurrency: 1,
      lockDurationMs: 120_000,
      longPollMs: 4_000,
    });
    // Let the first fetch reach the engine and wait there.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stopping = first.stop();
    const processInstanceId = await engine.start(GPK_RENEWAL_PROCESS_ID, 'renewal-990001', {
      renewalId: 990001,
      maturity: 'automatic',
      reminderAfter: 'P14D',
      responseDeadline: 'P28D',
    });
    await stopping;
    expect(stopped).toEqual([]);

    const received: ExternalTask[] = [];
    const second = engine.subscribe([{ topic: 'check-residence', handler: async (task) => (received.push(task), refuse()) }], {
      maxConcurrency: 1,
      lockDurationMs: 120_000,
      longPollMs: 1_000,
    });
    try {
      const begun = Date.now();
      await until('the next workers to get the task', async () =>
        received.find((t) => t.processInstanceId === processInstanceId),
      );
      expect(Date.now() - begun).toBeLessThan(30_000);
    } finally {
      await second.stop();
    }
  });
});
