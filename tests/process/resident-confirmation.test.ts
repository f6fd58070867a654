import { BPMN_DIR } from '../../src/engine/connect';
import type { ProcessEngine, Workers } from '../../src/engine/port';
import { createLogger } from '../../src/logger';
import { residentResponsePublisher } from '../../src/renewals/resident-response';
import { webSecrets } from '../../src/web/app';
import { startWorkers } from '../../workers';
import { toNextPage, useBrowser } from '../support/browser';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { removeAllProcessInstances, testEngine } from '../support/engine';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, importHolder } from '../support/renewal-world';
import { scanAndStartOnEngine } from '../support/start-on-engine';
import { until } from '../support/until';
import { serveApp, type ServedApp } from '../support/web-app';

/**
 * A resident's confirmation end to end in Chromium, on the run's real engine: the
 * notify-and-confirm renewal sends its letter, the resident types the code from it on the
 * website and confirms, and the process goes on to order the card and send the renewal letter.
 */
const now = new Date();
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
const logger = createLogger('silent');

describe('a resident confirms on the website, on the engine', () => {
  jest.setTimeout(180_000);
  const browser = useBrowser();
  let database: TestDatabase;
  let world: Awaited<ReturnType<typeof createRenewalWorld>>;
  let engine: ProcessEngine;
  let workers: Workers;
  let app: ServedApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    world = await createRenewalWorld(database.db, now);
    engine = testEngine();
    await engine.deploy(BPMN_DIR);
    workers = startWorkers(engine, world.ctx, logger, { maxConcurrency: 8, lockDurationMs: 30_000, longPollMs: 5000 });
    app = await serveApp({
      db: database.db,
      config: world.ctx.config,
      logger,
      engine: { ...residentResponsePublisher(engine), exceptionTasks: engine.exceptionTasks },
      secrets: await webSecrets(database.db),
      now: () => now,
    });
  });

  afterAll(async () => {
    await app?.close();
    await workers?.stop();
    await removeAllProcessInstances();
    await world?.stop();
    await database?.drop();
  });

  it('when the resident types the code from the letter and chooses "Ja, alles klopt", then the card is ordered once and the renewal letter goes out', async () => {
    const holder = await importHolder(database.db, { expiresOn: inDays(35), surname: 'Visser' });
    await scanAndStartOnEngine(database.db, engine, now, { maturity: 'notify-and-confirm' });
    const renewal = await database.db.renewal.findFirstOrThrow({ where: { permit: { number: holder.permitNumber } } });
    const letter = await until('the confirmation letter', () =>
      database.db.letter.findFirst({ where: { renewalId: renewal.id, template: 'gpk/confirm-request' } }),
    );
    const code = /\b([A-Z2-9]{5}-[A-Z2-9]{5})\b/.exec(await pdfText(letter.pdf))?.[1];
    if (!code) throw new Error('no confirmation code in the letter');
    await until('the process to wait for the answer', async () => {
      const current = await database.db.renewal.findUniqueOrThrow({ where: { id: renewal.id } });
      const contact = await database.db.contactMoment.count({ where: { renewalId: renewal.id, subject: 'gpk/confirm-request' } });
      return current.status === 'AWAITING_RESIDENT' && contact === 1;
    });

    const page = await browser.newPage();
    await page.goto(`${app.baseUrl}/verlengen`);
    await page.getByLabel('Persoonlijke code').fill(code);
    await toNextPage(page, page.getByRole('button', { name: 'Verder' }));
    await page.getByRole('heading', { level: 1, name: 'Kloppen deze gegevens?', exact: true }).waitFor();
    expect(await page.locator('main').innerText()).toContain('Anna Visser');
    await toNextPage(page, page.getByRole('button', { name: 'Ja, alles klopt' }));
    await page.getByRole('heading', { level: 1, name: 'Bedankt, wij hebben uw antwoord', exact: true }).waitFor();

    const done = await until('the renewal to complete', async () => {
      const current = await database.db.renewal.findUniqueOrThrow({ where: { id: renewal.id } });
      return current.status === 'COMPLETED' && current;
    });
    expect(done.outcome).toBe('renewed');
    expect(await database.db.cardOrder.count({ where: { renewalId: renewal.id, producerOrderId: { not: null } } })).toBe(1);
    const templates = (await database.db.letter.findMany({ where: { renewalId: renewal.id }, orderBy: { id: 'asc' } })).map(
      (l) => l.template,
    );
    expect(templates).toEqual(['gpk/confirm-request', 'gpk/renewed']);
  });
});
