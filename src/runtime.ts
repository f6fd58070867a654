import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cron from 'node-cron';
import { registerMunicipality, type Config } from './config';
import { createDb, type Db } from './db/client';
import { startDatabase } from './db/database';
import { generateDemoData } from './demo/demo-data';
import { createPrintStreetChannel } from './dispatch/print-street';
import { connectCamunda, type CamundaConnection } from './engine/camunda';
import { importFile } from './import/import';
import { createLetterTemplates } from './letters/templates';
import type { Logger } from './logger';
import { startRegisterStubs } from './registers/stubs';
import { createRenewalContext, type RenewalContext } from './renewals/context';
import type { CycleDeps } from './renewals/renewal-cycle';
import { startScheduler } from './scheduler';
import { createApp, webSecrets } from './web/app';
import { startWorkers } from '../workers';

export interface Tijdig {
  db: Db;
  ctx: RenewalContext;
  engine: CamundaConnection | null;
  cycle: CycleDeps;
  webUrl: string;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  /** Run the daily scan on its schedule (and at start). The demo drives one cycle itself instead. */
  schedule: boolean;
}

/**
 * Starts every part of Tijdig in one process: database (embedded unless DATABASE_URL), register
 * stubs in local mode, demo data on an empty database, the engine connection with its models
 * and workers, the web app, the scan schedule and the print-street batches. Stops in reverse.
 */
export async function startTijdig(config: Config, logger: Logger, options: RuntimeOptions): Promise<Tijdig> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => logger.error({ err }, 'error while stopping'));
  };
  try {
    const database = await startDatabase(config, logger);
    stops.push(database.stop);
    const db = createDb(database.url);
    stops.push(() => db.$disconnect());

    if (config.START_STUBS) {
      const stubs = await startRegisterStubs({ db, config, logger });
      stops.push(stubs.stop);
      config = { ...config, BRP_API_URL: stubs.brpUrl, CARD_PRODUCER_URL: stubs.cardProducerUrl };
    }
    if (config.LOAD_DEMO_DATA && (await db.resident.count()) === 0) {
      const municipality = registerMunicipality(config);
      const summary = await importFile(db, generateDemoData({ seed: 1, today: new Date(), municipality }), {
        municipalityName: municipality.name,
      });
      logger.info({ residents: summary.residents.created, permits: summary.permits.created }, 'demo data loaded');
    }

    // A broken template stops the start here, not a renewal halfway through the night.
    createLetterTemplates().checkAll();
    const post = createPrintStreetChannel({ db, batchDir: config.PRINT_BATCH_DIR, logger });
    const ctx = createRenewalContext({ db, config, logger, post, now: () => new Date() });

    let engine: CamundaConnection | null = null;
    if (config.ZEEBE_GRPC_ADDRESS || config.ZEEBE_REST_ADDRESS) {
      engine = connectCamunda(logger);
      const connection = engine;
      stops.push(async () => {
        await connection.close();
      });
      await engine.waitUntilReady();
      await engine.deployModels();
      stops.push(startWorkers(engine.zeebe, ctx, logger));
    } else {
      logger.warn(
        'no Camunda 8 engine configured (ZEEBE_GRPC_ADDRESS / ZEEBE_REST_ADDRESS): renewals are found and recorded, and start once an engine is connected',
      );
    }

    const server: Server = createServer(createApp({ db, config, logger, engine, secrets: await webSecrets(db), now: ctx.now }));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.PORT, resolve));
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const webUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
    logger.info({ webUrl }, 'web app listening');

    const cycle: CycleDeps = { db, config, logger, starter: engine?.starter ?? null, now: ctx.now };
    if (options.schedule) {
      const scheduler = await startScheduler(cycle);
      stops.push(scheduler.stop);
    }
    const batches = cron.schedule(config.PRINT_BATCH_CRON, () => post.writeBatch(), {
      timezone: 'Europe/Amsterdam',
      noOverlap: true,
    });
    stops.push(async () => {
      await batches.stop();
    });

    return { db, ctx, engine, cycle, webUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
