import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { removeAllProcessInstances, testEngineAccess } from '../support/engine';
import { TEMPLATE_DB_ENV, withDatabase } from '../support/server';

/**
 * `npm run cycle` on the documented example file, as a municipality runs it before go-live: on
 * the run's engine (ENGINE_REST_URL) and a fresh database on the test server.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function runCycle(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/cycle.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run cycle', () => {
  jest.setTimeout(300_000);
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-cycle-test-'));
  });

  afterAll(async () => {
    await removeAllProcessInstances();
    await rm(dir, { recursive: true, force: true });
  });

  it('when it runs on the example file as of a day, then it writes one line per permit and ends with the summary line', async () => {
    const { restUrl, credentials } = testEngineAccess();
    if (credentials.kind !== 'basic') throw new Error('the test engine uses HTTP basic');
    const report = path.join(dir, 'report.jsonl');
    const { code, stdout, stderr } = await runCycle(
      ['--import', 'examples/import-example.json', '--as-of', '2026-11-20', '--report', report],
      {
        DATABASE_URL: withDatabase(process.env[TEMPLATE_DB_ENV]!, 'postgres'),
        ENGINE_REST_URL: restUrl,
        ENGINE_USER: credentials.user,
        ENGINE_PASSWORD: credentials.password,
        LOG_LEVEL: 'warn',
      },
    );
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });

    const lines = (await readFile(report, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const example = JSON.parse(await readFile(path.join(ROOT, 'examples', 'import-example.json'), 'utf8')) as {
      residents: { permits: { number: string }[] }[];
    };
    const numbers = example.residents.flatMap((r) => r.permits.map((p) => p.number)).sort();
    expect(lines.map((l) => l.permitNumber)).toEqual(numbers);
    for (const line of lines)
      expect(Object.keys(line).sort()).toEqual([
        'cardOrders',
        'exceptionReason',
        'letterAddress',
        'letters',
        'outcome',
        'permitNumber',
      ]);
    const renewed = lines.filter((l) => l.outcome === 'renewed');
    expect(renewed.length).toBeGreaterThan(0);
    for (const line of renewed)
      expect(line).toMatchObject({ cardOrders: 1, letters: ['gpk/renewed'], letterAddress: expect.any(Array) });
    for (const line of lines.filter((l) => l.outcome === 'exception')) expect(line.exceptionReason).toEqual(expect.any(String));

    const summary = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number> & {
      services: Record<string, Record<string, number>>;
    };
    expect(summary.started).toBe(lines.filter((l) => l.outcome !== 'not-due').length);
    expect(summary.completedAutomatically).toBe(renewed.length);
    expect(summary.cardsOrdered).toBe(renewed.length);
    const { services, ...totals } = summary;
    expect(services).toEqual({ gpk: totals });
  });

  it('when the file is not valid, then it says what is wrong and starts nothing', async () => {
    const { code, stderr } = await runCycle(['--import', 'package.json'], { LOG_LEVEL: 'warn' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Cannot use package\.json/);
  });
});
