import { createLogger } from '../../src/logger';
import type { ResidentResponse } from '../../src/renewals/vocabulary';
import { scanService, type ScanResult } from '../../src/services/scan';
import { webSecrets } from '../../src/web/app';
import { createTestDatabase, type TestDatabase } from './database';
import { completed, deliver } from './jobs';
import { pdfText } from './pdf-text';
import { createRenewalWorld, importHolder, type HolderSpec } from './renewal-world';
import { serveApp, type ServedApp } from './web-app';

export interface PublishedAnswer {
  renewalId: number;
  response: ResidentResponse;
  report?: string;
}

export interface ConfirmationLetter {
  renewalId: number;
  residentId: number;
  surname: string;
  /** The personal code exactly as printed in the letter PDF. */
  code: string;
}

/**
 * The resident pages as a resident reaches them: the real web app on port 0 against a fresh
 * database, the register stubs, and confirmation letters made by the real worker steps. The
 * engine is a stand-in that records what the web app publishes to it (see README "Process engine").
 */
export async function startResidentSite(now: Date) {
  const logger = createLogger('silent');
  const database: TestDatabase = await createTestDatabase();
  const world = await createRenewalWorld(database.db, now);
  const published: PublishedAnswer[] = [];
  const engine = {
    async publishResidentResponse(renewalId: number, response: ResidentResponse, report?: string) {
      published.push({ renewalId, response, report });
      return 'correlated' as const;
    },
  };
  const secrets = await webSecrets(database.db);
  const apps: ServedApp[] = [];

  /** Starts an app instance on the shared database, as each replica would (code attempts are counted there). */
  async function startInstance(): Promise<string> {
    const app = await serveApp({ db: database.db, config: world.ctx.config, logger, engine, secrets, now: () => now });
    apps.push(app);
    return app.baseUrl;
  }

  const scan = (): Promise<ScanResult> =>
    scanService(
      database.db,
      { service: 'gpk', trigger: { kind: 'expiry', leadTimeDays: 70, validityYears: 5 }, pageSize: 50, now, force: true },
      logger,
    );

  /** Imports a holder, runs the notify-and-confirm steps up to the letter, and reads the code from its PDF. */
  async function confirmationLetter(spec: HolderSpec): Promise<ConfirmationLetter> {
    const holder = await importHolder(database.db, spec);
    await scan();
    const renewal = await database.db.renewal.findFirstOrThrow({
      where: { permit: { number: holder.permitNumber } },
      include: { permit: true },
    });
    const variables = { renewalId: renewal.id, responseDeadline: 'P28D' };
    completed(
      await deliver(world.ctx, logger, { topic: 'issue-confirmation-code', elementId: 'issue-confirmation-code', variables }),
    );
    completed(
      await deliver(world.ctx, logger, {
        topic: 'render-letter',
        elementId: 'render-confirm-request-letter',
        variables,
        properties: { template: 'gpk/confirm-request' },
      }),
    );
    const letter = await database.db.letter.findFirstOrThrow({
      where: { renewalId: renewal.id, template: 'gpk/confirm-request' },
    });
    const text = await pdfText(letter.pdf);
    const code = /\b([A-Z2-9]{5}-[A-Z2-9]{5})\b/.exec(text)?.[1];
    if (!code) throw new Error(`No confirmation code in the letter: ${text}`);
    return { renewalId: renewal.id, residentId: renewal.permit!.residentId, surname: holder.surname, code };
  }

  const baseUrl = await startInstance();
  return {
    baseUrl,
    db: database.db,
    published,
    scan,
    confirmationLetter,
    startInstance,
    async stop(): Promise<void> {
      await Promise.all(apps.map((app) => app.close()));
      await world.stop();
      await database.drop();
    },
  };
}

export type ResidentSite = Awaited<ReturnType<typeof startResidentSite>>;
