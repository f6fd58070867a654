import { createLogger } from '../../src/logger';
import { EXCEPTION_TASK_KINDS } from '../../src/engine/connect';
import { connectOperaton } from '../../src/engine/operaton/engine';
import { createRestClient, type EngineCredentials } from '../../src/engine/operaton/rest';
import type { ProcessEngine, Variables } from '../../src/engine/port';
import { fromTyped, toTyped, type TypedValue } from '../../src/engine/operaton/variables';

/** Where global setup tells the test files which engine runs for this test run. */
export const ENGINE_ENV = {
  restUrl: 'TIJDIG_TEST_ENGINE_URL',
  user: 'TIJDIG_TEST_ENGINE_USER',
  password: 'TIJDIG_TEST_ENGINE_PASSWORD',
  adminUser: 'TIJDIG_TEST_ENGINE_ADMIN_USER',
  adminPassword: 'TIJDIG_TEST_ENGINE_ADMIN_PASSWORD',
  database: 'TIJDIG_TEST_ENGINE_DATABASE',
} as const;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`The jest global setup did not start the engine (${name} unset).`);
  return value;
}

/** The run's engine, as Tijdig's own account reaches it. */
export function testEngineAccess(): { restUrl: string; credentials: EngineCredentials } {
  return {
    restUrl: required(ENGINE_ENV.restUrl),
    credentials: { kind: 'basic', user: required(ENGINE_ENV.user), password: required(ENGINE_ENV.password) },
  };
}

/** Tijdig's port on the run's real engine. */
export function testEngine(now: () => Date = () => new Date()): ProcessEngine {
  return connectOperaton({
    ...testEngineAccess(),
    exceptionTaskKinds: EXCEPTION_TASK_KINDS,
    logger: createLogger('silent'),
    now,
  });
}

/**
 * Ends every process instance on the run's engine. Test files share one engine but each has a
 * database of its own, whose renewal ids start at 1 again: an instance left behind by one file
 * must never reach the next file's workers.
 */
export async function removeAllProcessInstances(): Promise<void> {
  const { restUrl, credentials } = testEngineAccess();
  const rest = createRestClient(restUrl, credentials);
  for (;;) {
    const instances = await rest.request<{ id: string }[]>('GET', '/process-instance?maxResults=200');
    if (instances.length === 0) return;
    await Promise.all(
      instances.map((i) =>
        rest.request('DELETE', `/process-instance/${i.id}?skipCustomListeners=true&skipIoMappings=true`).catch(() => undefined),
      ),
    );
  }
}

/** Evaluates a deployed decision table on the run's engine, as a business rule task would. */
export async function evaluateDecision(decisionKey: string, variables: Variables): Promise<Record<string, unknown>[]> {
  const { restUrl, credentials } = testEngineAccess();
  const rest = createRestClient(restUrl, credentials);
  const results = await rest.request<Record<string, TypedValue>[]>(
    'POST',
    `/decision-definition/key/${encodeURIComponent(decisionKey)}/evaluate`,
    { variables: toTyped(variables) },
  );
  return results.map((row) => fromTyped(row));
}
