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
/** The engine's pool (TIJDIG_ENGINE_DATABASE_POOL, 20) and a worker process's (pg's default, 10), with room to spare. */
const SECOND_NODE_CONNECTIONS = 40;

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
  const freeConnections = await env.freeDatabaseConnections();
  if (freeMb < SECOND_NODE_MEMORY_MB) {
    skipped = `only ${freeMb} MB memory free; a second engine node needs about ${SECOND_NODE_MEMORY_MB} MB`;
  } else if (freeConnections < SECOND_NODE_CONNECTIONS) {
    skipped = `PostgreSQL has only ${freeConnections} connections free (max_connections); a second engine node and its worker process need about ${SECOND_NODE_CONNECTIONS}`;
  } else {
    let second = env.nodes[1];
    try {
      second ??= await env.addEngineNode();
    } catch (err) {
      skipped = `the second engine node did not start: ${(err as Error).message.split('\n')[0]}`;
    }
    if (second) twoNodes = await batch([node, second], [node, second]);
  }
  return {
    oneWorkerProcess: one,
    twoWorkerProcesses: two,
    twoEngineNodes: twoNodes,
    ...(skipped ? { twoEngineNodesSkipped: skipped } : {}),
    duplicates: await countDuplicates(env, ids),
  };
}
