import { WARM_UP } from './ceiling.bench';
import type { BenchEnvironment } from './environment';
import { countDuplicates, runRenewalBatch, type BatchResult, type Duplicates } from './measure';

export interface EndToEndResult {
  /** As fast as the starters go: the maximum rate. */
  flood: BatchResult;
  /** Renewals arriving at half the maximum rate: the latency a steady load sees. */
  paced: BatchResult & { targetStartsPerSecond: number };
  duplicates: Duplicates;
}

/** How long the paced phase runs at half the maximum rate (fewer renewals when the run is small). */
const PACED_SECONDS = 60;

/**
 * N renewals through bpmn/gpk-renewal.bpmn on the real engine, with the real workers in their
 * own process (`npm run workers`), real letters, the register stubs over HTTP and the database;
 * then a paced batch at half the rate measured.
 */
export async function runEndToEnd(env: BenchEnvironment, count: number, starters: number): Promise<EndToEndResult> {
  const node = env.nodes[0]!;
  const workers = await env.startWorkerProcess(node);
  try {
    const watch = { engine: node.local.pid, workers: workers.pid, 'bench (starters, register stubs)': process.pid };
    // A new worker process is slow until its JIT has warmed up; those renewals are not measured.
    const warmUpIds = await env.dueRenewals(Math.max(WARM_UP.min, Math.round(count * WARM_UP.share)));
    await runRenewalBatch(env, { ids: warmUpIds, startOn: Array(starters).fill(node.engine), watch: {} });
    const floodIds = await env.dueRenewals(count);
    const flood = await runRenewalBatch(env, { ids: floodIds, startOn: Array(starters).fill(node.engine), watch });

    const targetStartsPerSecond = Math.max(0.5, Math.round((flood.renewalsPerSecond / 2) * 10) / 10);
    const pacedCount = Math.max(20, Math.min(Math.ceil(count / 2), Math.round(targetStartsPerSecond * PACED_SECONDS)));
    const pacedIds = await env.dueRenewals(pacedCount);
    const paced = await runRenewalBatch(env, {
      ids: pacedIds,
      startOn: [node.engine],
      maxStartsPerSecond: targetStartsPerSecond,
      watch,
    });
    return {
      flood,
      paced: { ...paced, targetStartsPerSecond },
      duplicates: await countDuplicates(env, [...warmUpIds, ...floodIds, ...pacedIds]),
    };
  } finally {
    await workers.stop();
  }
}
