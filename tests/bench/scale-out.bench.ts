import os from 'node:os';
import type { BenchEnvironment } from './environment';
import { countDuplicates, runRenewalBatch, type BatchResult, type Duplicates } from './measure';

export interface ScaleOutResult {
  oneWorkerProcess: BatchResult;
  twoWorkerProcesses: BatchResult;
  /** Two engine nodes on one engine database, one worker process on each; null when the machine cannot hold them. */
  twoEngineNodes: BatchResult | null;
  twoEngineNodesSkipped?: string;
  duplicates: Duplicates;
}

/** A second JVM needs about this much memory free (measured: ~750 MB RSS under load, plus head room). */
const SECOND_NODE_MEMORY_MB = 1500;

/**
 * 1 against 2 `npm run workers` processes on one engine node, then 2 engine nodes on one engine
 * database with a worker process each; the same number of renewals in each batch, and every
 * side effect counted per renewal.
 */
export async function runScaleOut(
  env: BenchEnvironment,
  count: number,
  starters: number,
  oneWorkerProcess?: BatchResult,
): Promise<ScaleOutResult> {
  const node = env.nodes[0]!;
  const ids: number[] = [];
  const batch = async (workersOn: (typeof node)[], startOn: (typeof node)[]) => {
    const workers = [];
    try {
      for (const n of workersOn) workers.push(await env.startWorkerProcess(n));
      const watch: Record<string, number> = {};
      startOn
        .filter((n, i) => startOn.indexOf(n) === i)
        .forEach((n, i) => (watch[i === 0 ? 'engine' : `engine ${i + 1}`] = n.local.pid));
      workers.forEach((w, i) => (watch[`workers ${i + 1}`] = w.pid));
      const batchIds = await env.dueRenewals(count);
      ids.push(...batchIds);
      return await runRenewalBatch(env, {
        ids: batchIds,
        startOn: Array.from({ length: starters }, (_, i) => startOn[i % startOn.length]!.engine),
        watch,
      });
    } finally {
      for (const w of workers) await w.stop();
    }
  };

  const one = oneWorkerProcess ?? (await batch([node], [node]));
  const two = await batch([node, node], [node]);
  let twoNodes: BatchResult | null = null;
  let skipped: string | undefined;
  const freeMb = Math.round(os.freemem() / 1024 / 1024);
  if (freeMb < SECOND_NODE_MEMORY_MB) {
    skipped = `only ${freeMb} MB memory free; a second engine node needs about ${SECOND_NODE_MEMORY_MB} MB`;
  } else {
    const second = env.nodes[1] ?? (await env.addEngineNode());
    twoNodes = await batch([node, second], [node, second]);
  }
  return {
    oneWorkerProcess: one,
    twoWorkerProcesses: two,
    twoEngineNodes: twoNodes,
    ...(skipped ? { twoEngineNodesSkipped: skipped } : {}),
    duplicates: await countDuplicates(env, ids),
  };
}
