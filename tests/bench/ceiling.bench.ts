import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BPMN_DIR } from '../../src/engine/connect';
import type { TaskOutcome } from '../../src/engine/port';
import { GPK_RENEWAL_PROCESS_ID } from '../../src/services/gpk/contract';
import type { BenchEnvironment } from './environment';
import { percentiles, perSecond, type BatchResult } from './measure';
import { cpuMsPerRenewal, meanMachineCpuShare, sampleProcesses, summariseProcess } from './proc-sampler';

/**
 * What the decision table (bpmn/gpk-indication.dmn) reads, as the real check-indication answers
 * for a permanent indication: the bare model evaluates the same decision as a real renewal.
 */
const DECISION_INPUTS = { indicationKind: 'PERMANENT', indicationEndsOn: null, newPeriodEndsOn: '2031-12-01' };
const BARE_PROCESS_ID = `${GPK_RENEWAL_PROCESS_ID}-bare`;
const BARE_TOPIC_PREFIX = 'bench-bare-';
/** The step that stands for "letter dispatched" in the real model, and the one that ends a renewal. */
const DISPATCH_TOPIC = 'send-letter';
const CLOSE_TOPIC = 'close-renewal';

export interface BareModel {
  xml: string;
  processId: string;
  topics: string[];
  /** Variables the gateways test as plain booleans (`${residenceOk}`): the no-op workers set them true. */
  booleans: string[];
}

/**
 * The real GPK model, read at run time, with only its process id and topics renamed: the same
 * tasks, gateways, timers and asynchronous steps, so what the bare engine does per renewal is
 * what it does under Tijdig, minus our workers' work.
 */
export function bareModel(xml: string): BareModel {
  const processTag = `<bpmn:process id="${GPK_RENEWAL_PROCESS_ID}"`;
  if (!xml.includes(processTag)) throw new Error(`the model has no process ${GPK_RENEWAL_PROCESS_ID}`);
  const topics = new Set<string>();
  const renamed = xml
    .replace(processTag, `<bpmn:process id="${BARE_PROCESS_ID}"`)
    .replace(/camunda:topic="([^"]+)"/g, (_, topic: string) => {
      topics.add(topic);
      return `camunda:topic="${BARE_TOPIC_PREFIX}${topic}"`;
    });
  const booleans = [...xml.matchAll(/<bpmn:conditionExpression[^>]*>\$\{(\w+)\}<\/bpmn:conditionExpression>/g)].map((m) => m[1]!);
  return { xml: renamed, processId: BARE_PROCESS_ID, topics: [...topics], booleans: [...new Set(booleans)] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STALL_MS = 120_000;
/** Instances run before measuring, so the JIT has warmed up. */
export const WARM_UP = { min: 20, share: 0.05 };

/**
 * The bare engine's ceiling on this machine: `count` instances of the bare model started as
 * fast as `starters` concurrent callers can, every task answered at once by no-op workers on
 * Tijdig's own worker client with the same settings as `npm run workers`.
 */
export async function runCeiling(env: BenchEnvironment, count: number, starters: number): Promise<BatchResult> {
  const model = bareModel(await readFile(path.join(BPMN_DIR, `${GPK_RENEWAL_PROCESS_ID}.bpmn`), 'utf8'));
  const node = env.nodes[0]!;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-bench-bare-'));
  try {
    await writeFile(path.join(dir, `${model.processId}.bpmn`), model.xml);
    await node.engine.deploy(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const startedAt = new Map<string, number>();
  const dispatchedAt = new Map<string, number>();
  const doneAt = new Map<string, number>();
  const variables = { ...Object.fromEntries(model.booleans.map((name) => [name, true])), ...DECISION_INPUTS };
  const workers = node.engine.subscribe(
    model.topics.map((topic) => ({
      topic: `${BARE_TOPIC_PREFIX}${topic}`,
      handler: async (task): Promise<TaskOutcome> => {
        const key = task.businessKey ?? task.processInstanceId;
        if (topic === DISPATCH_TOPIC && !dispatchedAt.has(key)) dispatchedAt.set(key, Date.now());
        if (topic === CLOSE_TOPIC) doneAt.set(key, Date.now());
        return { kind: 'complete', variables };
      },
    })),
    {
      maxConcurrency: env.config.WORKER_MAX_CONCURRENCY,
      lockDurationMs: env.config.WORKER_LOCK_DURATION_MS,
      longPollMs: env.config.WORKER_LONG_POLL_MS,
    },
  );
  const batch = async (size: number, label: string) => {
    let next = 0;
    const startLoop = async () => {
      for (let i = next++; i < size; i = next++) {
        const key = `bench-bare-${label}-${i}`;
        startedAt.set(key, Date.now());
        await node.engine.start(model.processId, key, {
          renewalId: i + 1,
          maturity: 'automatic',
          reminderAfter: env.config.CONFIRMATION_REMINDER_AFTER,
          responseDeadline: env.config.CONFIRMATION_RESPONSE_DEADLINE,
        });
      }
    };
    const starting = Promise.all(Array.from({ length: starters }, startLoop));
    let seen = 0;
    let lastProgress = Date.now();
    while (doneAt.size < size && Date.now() - lastProgress < STALL_MS) {
      await sleep(250);
      if (doneAt.size !== seen) lastProgress = Date.now();
      seen = doneAt.size;
    }
    await starting;
  };
  // A fresh JVM runs slowly until its JIT has compiled the hot paths: that is not the ceiling.
  await batch(Math.max(WARM_UP.min, Math.round(count * WARM_UP.share)), 'warm-up');
  startedAt.clear();
  dispatchedAt.clear();
  doneAt.clear();
  const sampler = sampleProcesses({ engine: node.local.pid, 'no-op workers': process.pid }, 1000, {
    PostgreSQL: env.databaseBackends,
  });
  await batch(count, `${Date.now()}`);
  const samples = sampler.stop();
  await workers.stop();

  const processes = Object.fromEntries(
    ['engine', 'no-op workers', 'PostgreSQL'].map((name) => [name, summariseProcess(samples, name)]),
  );
  const starts = [...startedAt.values()];
  const first = Math.min(...starts);
  const done = [...doneAt.values()];
  const seconds = done.length > 0 ? (Math.max(...done) - first) / 1000 : 0;
  const latencies = [...dispatchedAt].map(([key, at]) => at - startedAt.get(key)!);
  return {
    renewals: count,
    completed: doneAt.size,
    seconds: Math.round(seconds * 10) / 10,
    renewalsPerSecond: seconds > 0 ? Math.round((done.length / seconds) * 10) / 10 : 0,
    startsPerSecond: Math.round((starts.length / ((Math.max(...starts) - first) / 1000 || 1)) * 10) / 10,
    latencyMs: percentiles(latencies),
    series: perSecond(done.map((t) => (t - first) / 1000)),
    processes,
    cpuMsPerRenewal: cpuMsPerRenewal(processes, done.length),
    machineCpuShare: meanMachineCpuShare(samples),
    samples,
  };
}
