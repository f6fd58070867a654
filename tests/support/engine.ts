import { createLogger } from '../../src/logger';
import { EXCEPTION_TASK_KINDS } from '../../src/exceptions/inbox';
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

export interface OpenIncident {
  processInstanceId: string;
  activityId: string;
  incidentMessage: string | null;
}

/** The engine's open incidents of these process instances: what Cockpit shows a person to look at. */
export async function openIncidents(
  processInstanceIds: string[],
  { restUrl, credentials } = testEngineAccess(),
): Promise<OpenIncident[]> {
  const wanted = new Set(processInstanceIds);
  const all = await createRestClient(restUrl, credentials).request<OpenIncident[]>('GET', '/incident?maxResults=10000');
  return all.filter((i) => wanted.has(i.processInstanceId));
}

/** What an operator does in Cockpit once the cause is fixed: give the failed external tasks of an instance another try. */
export async function retryFailedTasks(processInstanceId: string): Promise<number> {
  const { restUrl, credentials } = testEngineAccess();
  const rest = createRestClient(restUrl, credentials);
  const tasks = await rest.request<{ id: string; retries: number | null }[]>(
    'GET',
    `/external-task?processInstanceId=${encodeURIComponent(processInstanceId)}`,
  );
  const failed = tasks.filter((t) => t.retries === 0);
  for (const task of failed) await rest.request('PUT', `/external-task/${task.id}/retries`, { retries: 1 });
  return failed.length;
}
