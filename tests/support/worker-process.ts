import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { EngineCredentials } from '../../src/engine/operaton/rest';
import { MUNICIPALITY } from './renewal-world';

const ROOT = path.resolve(__dirname, '..', '..');

export interface WorkerProcessOptions {
  /** Tijdig's database as this process reaches it (directly, or through a proxy). */
  databaseUrl: string;
  restUrl: string;
  credentials: EngineCredentials;
  brpUrl: string;
  cardProducerUrl: string;
  batchDir: string;
  /** Further settings, e.g. a shorter lock for a test that kills the engine. */
  env?: Record<string, string>;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** SIGKILL, as the kernel's OOM killer or a pulled plug would end it; resolves once it is gone. */
  kill(): Promise<void>;
  /** The end of what it wrote on stderr, to show when a test fails. */
  stderrTail(): string;
}

/** The worker processes' long poll: short, so a killed one's abandoned poll runs out soon. */
const LONG_POLL_MS = 2_000;

/**
 * `npm run workers` as its own process, as a municipality runs it beside `npm start`. Every
 * process started here is killed by `killAll`, so a failing test leaves none behind.
 */
export function workerProcesses() {
  const started: WorkerProcess[] = [];
  return {
    start(options: WorkerProcessOptions): WorkerProcess {
      if (options.credentials.kind !== 'basic') throw new Error('the test engines use HTTP basic');
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/workers.ts'], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          DATABASE_URL: options.databaseUrl,
          ENGINE_REST_URL: options.restUrl,
          ENGINE_USER: options.credentials.user,
          ENGINE_PASSWORD: options.credentials.password,
          BRP_API_URL: options.brpUrl,
          CARD_PRODUCER_URL: options.cardProducerUrl,
          START_STUBS: 'false',
          LOAD_DEMO_DATA: 'false',
          MUNICIPALITY_CODE: MUNICIPALITY.code,
          MUNICIPALITY_NAME: `Gemeente ${MUNICIPALITY.name}`,
          PRINT_BATCH_DIR: options.batchDir,
          LOG_LEVEL: 'warn',
          WORKER_LONG_POLL_MS: String(LONG_POLL_MS),
          WORKER_MAX_CONCURRENCY: '8',
          ...options.env,
        },
      });
      // Drained so a chatty process never blocks on a full pipe; the last lines help when a test fails.
      let tail = '';
      child.stderr!.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000)));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const worker: WorkerProcess = {
        child,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        stderrTail: () => tail,
      };
      started.push(worker);
      return worker;
    },
    /**
     * Kills them, then waits out their long polls: the engine keeps a killed process's pending
     * poll and would lock the next test file's first tasks to it for the whole lock duration.
     */
    async killAll(): Promise<void> {
      const running = started.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
      await Promise.all(started.map((w) => w.kill()));
      if (running.length > 0) await new Promise((resolve) => setTimeout(resolve, LONG_POLL_MS + 1_000));
    },
  };
}
