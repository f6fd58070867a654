import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { createLogger } from '../../src/logger';
import { residentResponsePublisher } from '../../src/renewals/resident-response';
import { createStaffAccount } from '../../src/staff/accounts';
import { createApp } from '../../src/web/app';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testEngine } from '../support/engine';
import { FormClient } from '../support/form-client';
import { appRoutes, type AppRoute } from '../support/routes';
import { depsWithoutEngine } from '../support/web-app';

/**
 * Requests that are merely wrong, sent to every route the app declares: each must get a 4xx with a
 * message saying what is wrong, and nothing at error level in the log (an operator's alerts are for
 * our faults, not a client's), and what the body held (a name, a BSN) in no log line at all.
 */
const now = new Date('2026-11-25T09:00:00Z');
const PASSWORD = 'paars-Konijn-fietst-7-km';
const BSN = '123456782';
const NAME = 'Jansen-Bakker';
let database: TestDatabase;
let server: ReturnType<ReturnType<typeof createApp>['listen']>;
let baseUrl: string;
let routes: AppRoute[];
let admin: FormClient;
let csrfToken: string;
const log: { level: number; line: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await createStaffAccount(
    database.db,
    { email: 'beheer@voorbeeldstad.nl', displayName: 'Bea Beheer', role: 'ADMINISTRATOR', password: PASSWORD },
    'test',
    now,
  );
  const logger = createLogger(
    'trace',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          log.push({ level: (JSON.parse(line) as { level: number }).level, line });
        }
        done();
      },
    }),
  );
  // The real engine, wired as the runtime wires it, so the task routes answer as in production.
  const engine = testEngine(() => now);
  const deps = {
    ...(await depsWithoutEngine(database, () => now)),
    logger,
    engine: { ...residentResponsePublisher(engine), exceptionTasks: engine.exceptionTasks },
  };
  const app = createApp(deps);
  routes = appRoutes(app);
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  admin = new FormClient(baseUrl);
  expect((await admin.post('/medewerkers/inloggen', { email: 'beheer@voorbeeldstad.nl', password: PASSWORD })).status).toBe(303);
  csrfToken = /name="_csrf" value="([0-9a-f]+)"/.exec(await (await admin.get('/verlengen')).text())![1]!;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.drop();
});

const isApi = (route: AppRoute) => route.path.startsWith('/api/');

/** A body that would be right for the route: JSON for the API, the site's form otherwise (with a valid CSRF token). */
const goodBody = (route: AppRoute) =>
  isApi(route)
    ? { type: 'application/json', text: JSON.stringify({ code: 'K7M4Q-9TXAB', response: 'confirmed', report: `${NAME} ${BSN}` }) }
    : {
        type: 'application/x-www-form-urlencoded',
        text: new URLSearchParams({ _csrf: csrfToken, text: `${NAME} ${BSN}`, email: `${NAME}@example.nl` }).toString(),
      };

interface Malformed {
  kind: string;
  /** Which routes the kind applies to: a body only means something where a body is read (a post). */
  appliesTo(route: AppRoute): boolean;
  /** The path to request; the route's own unless the kind changes its parameters. */
  path?(route: AppRoute): string;
  headers?(route: AppRoute): Record<string, string>;
  body?(route: AppRoute): string | Buffer;
  status(route: AppRoute): number;
}

const posts = (route: AppRoute) => route.method === 'POST';
const withParams = (route: AppRoute, value: (param: string) => string) =>
  route.path.replace(/:(\w+)/g, (_, param: string) => encodeURIComponent(value(param)));
/**
 * Ids of database rows (PostgreSQL integer) versus the engine's task ids (letters, digits,
 * hyphens). A service id is a name, but a number in its place must be refused the same way.
 */
const databaseParam = (param: string) => param !== 'taskId';

const MALFORMED: Malformed[] = [
  {
    kind: 'an id one past the database integer range',
    appliesTo: (route) => route.params.some(databaseParam),
    path: (route) => withParams(route, (p) => (databaseParam(p) ? '2147483648' : 'task-1')),
    status: () => 404,
  },
  {
    kind: 'an id of twenty digits',
    appliesTo: (route) => route.params.some(databaseParam),
    path: (route) => withParams(route, (p) => (databaseParam(p) ? '99999999999999999999' : 'task-1')),
    status: () => 404,
  },
  {
    kind: 'a negative id',
    appliesTo: (route) => route.params.some(databaseParam),
    path: (route) => withParams(route, (p) => (databaseParam(p) ? '-1' : 'task-1')),
    status: () => 404,
  },
  {
    kind: 'a task id no engine gives (too long, odd characters)',
    appliesTo: (route) => route.params.includes('taskId'),
    path: (route) => withParams(route, () => `${'x'.repeat(70)}.%00`),
    status: () => 404,
  },
  {
    kind: 'an oversized body',
    appliesTo: posts,
    headers: (route) => ({ 'content-type': goodBody(route).type }),
    body: (route) => `${goodBody(route).text}&x=${'x'.repeat(30_000)}`,
    status: () => 413,
  },
  {
    kind: 'a gzip-compressed body',
    appliesTo: posts,
    headers: (route) => ({ 'content-type': goodBody(route).type, 'content-encoding': 'gzip' }),
    body: (route) => gzipSync(goodBody(route).text),
    status: () => 415,
  },
  {
    kind: 'a deflate-compressed body',
    appliesTo: posts,
    headers: (route) => ({ 'content-type': goodBody(route).type, 'content-encoding': 'deflate' }),
    body: (route) => deflateSync(goodBody(route).text),
    status: () => 415,
  },
  {
    kind: 'a body that says gzip but is not',
    appliesTo: posts,
    headers: (route) => ({ 'content-type': goodBody(route).type, 'content-encoding': 'gzip' }),
    body: (route) => goodBody(route).text,
    status: () => 415,
  },
  {
    kind: 'an unknown content-encoding',
    appliesTo: posts,
    headers: (route) => ({ 'content-type': goodBody(route).type, 'content-encoding': 'x-snappy' }),
    body: (route) => goodBody(route).text,
    status: () => 415,
  },
  {
    kind: 'an unknown charset',
    appliesTo: posts,
    headers: (route) => ({ 'content-type': `${goodBody(route).type}; charset=x-klingon` }),
    body: (route) => goodBody(route).text,
    status: () => 415,
  },
  {
    kind: 'a body of null',
    appliesTo: posts,
    headers: () => ({ 'content-type': 'application/json' }),
    body: () => 'null',
    status: (route) => (isApi(route) ? 400 : 415),
  },
  {
    kind: 'malformed JSON',
    appliesTo: posts,
    headers: () => ({ 'content-type': 'application/json' }),
    body: () => `{"code": "K7M4Q-9TXAB", "naam": "${NAME}", "bsn": "${BSN}", `,
    status: (route) => (isApi(route) ? 400 : 415),
  },
  {
    kind: 'a content type the route does not take',
    appliesTo: posts,
    headers: () => ({ 'content-type': 'text/plain' }),
    body: () => `${NAME} ${BSN}`,
    status: () => 415,
  },
];

/** What the page says for each refusal, in Dutch (the default language). */
const PAGE_MESSAGES: Record<number, string[]> = {
  400: ['Wij konden dit formulier niet lezen.'],
  404: ['Deze pagina bestaat niet.', 'Deze taak staat niet meer open.', 'Deze dienst bestaat niet.'],
  413: ['Wat u stuurde is te groot.'],
  415: ['Wij konden niet lezen wat u stuurde.'],
};

const cases = () =>
  MALFORMED.flatMap((malformed) => routes.filter((route) => malformed.appliesTo(route)).map((route) => ({ malformed, route })));

describe('malformed requests to every route', () => {
  it('when the app is asked for its routes, then the probe covers every route it declares, each with some kind of malformed request', () => {
    expect(routes.length).toBeGreaterThan(30);
    const covered = new Set(cases().map(({ route }) => `${route.method} ${route.path}`));
    const uncovered = routes
      .filter((r) => r.method === 'POST' || r.params.length > 0)
      .filter((r) => !covered.has(`${r.method} ${r.path}`));
    expect(uncovered).toEqual([]);
  });

  it('when each kind of malformed request is sent to each route it applies to, then every answer is the expected 4xx with a clear message, nothing is logged at error level, and the body reaches no log line', async () => {
    const failures: string[] = [];
    for (const { malformed, route } of cases()) {
      const before = log.length;
      const path = malformed.path?.(route) ?? route.path;
      const response = await fetch(`${baseUrl}${path}`, {
        method: route.method,
        redirect: 'manual',
        headers: {
          cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(malformed.headers?.(route) ?? (route.method === 'POST' ? { 'content-type': goodBody(route).type } : {})),
        },
        body: route.method === 'POST' ? (malformed.body?.(route) ?? goodBody(route).text) : undefined,
      });
      const text = await response.text();
      const expected = malformed.status(route);
      const where = `${malformed.kind} → ${route.method} ${path}`;
      if (response.status !== expected) failures.push(`${where}: ${response.status}, expected ${expected}`);
      if (response.headers.get('content-type')?.startsWith('application/json')) {
        const { error } = JSON.parse(text) as { error?: unknown };
        if (typeof error !== 'string' || error.length < 10) failures.push(`${where}: no message in ${text}`);
      } else if (!(PAGE_MESSAGES[expected] ?? []).some((m) => text.includes(m))) {
        failures.push(`${where}: the page does not say what is wrong`);
      }
      if (text.includes(BSN)) failures.push(`${where}: the answer repeats the BSN`);
      const lines = log.slice(before);
      if (lines.some((l) => l.level >= 50)) failures.push(`${where}: logged at error level`);
      if (lines.some((l) => l.line.includes(BSN) || l.line.includes(NAME))) failures.push(`${where}: the body reached the log`);
    }
    expect(failures).toEqual([]);
  });
});
