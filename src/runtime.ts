import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import cron from 'node-cron';
import { registerMunicipality, type Config } from './config';
import { createDb, type Db } from './db/client';
import { startDatabase } from './db/database';
import { generateDemoData } from './demo/demo-data';
import { createPrintStreetChannel } from './dispatch/print-street';
import { BPMN_DIR, connectEngine, type EngineConnection } from './engine/connect';
import { EXCEPTION_TASK_KINDS } from './exceptions/inbox';
import type { ProcessEngine } from './engine/port';
import { importFile } from './import/import';
import { createLetterTemplates } from './letters/templates';
import type { Logger } from './logger';
import { startRegisterStubs } from './registers/stubs';
import { createRenewalContext, type RenewalContext } from './renewals/context';
import { catalogueFile, checkCatalogue, loadCatalogue } from './service-catalogue';
import { deliverPendingAnswers, residentResponsePublisher } from './renewals/resident-response';
import type { CycleDeps } from './services/renewal-cycle';
import { settleLifeEvents } from './residents/life-events';
import { serviceIds, serviceMaturityLevels } from './services';
import { engineStarter } from './renewals/start-renewals';
import { startScheduler } from './scheduler';
import { createApp, webSecrets } from './web/app';
import { startWorkers } from '../workers';

export interface Tijdig {
  db: Db;
  ctx: RenewalContext;
  engine: ProcessEngine;
  /** Where the engine runs, and its webapps (Cockpit, Tasklist) when Tijdig started it. */
  engineInfo: Pick<EngineConnection, 'restUrl' | 'webappUrl'>;
  cycle: CycleDeps;
  webUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** How often answers that found nothing waiting are offered to their process again. */
const ANSWER_RETRY_MS = 5000;

export interface RuntimeOptions {
  /** Run the daily scan on its schedule (and at start). The demo drives one cycle itself instead. */
  schedule: boolean;
  /** The clock every step reads; `npm run cycle --as-of` runs a past or future day. */
  now?: () => Date;
}

/**
 * Starts every part of Tijdig: database (embedded unless DATABASE_URL), register stubs in local
 * mode, demo data on an empty database, the process engine (Operaton from engine/, unless
 * ENGINE_REST_URL names one) with every model in bpmn/ deployed, the workers, the web app, the
 * scan schedule and the print-street batches. Stops in reverse, the engine last but the database.
 */
export async function startTijdig(config: Config, logger: Logger, options: RuntimeOptions): Promise<Tijdig> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => logger.error({ err }, 'error while stopping'));
  };
  // A catalogue that names a missing model, decision table or letter stops the start before
  // anything runs or is deployed, with every problem named by its file.
  const catalogue = loadCatalogue(catalogueFile(config));
  checkCatalogue(catalogue, { bpmnDir: BPMN_DIR, serviceCode: serviceIds(), maturityLevels: serviceMaturityLevels });
  try {
    const database = await startDatabase(config, logger);
    stops.push(database.stop);
    const db = createDb(database.url);
    stops.push(() => db.$disconnect());

    if (config.START_STUBS) {
      const stubs = await startRegisterStubs({ db, config, logger });
      stops.push(stubs.stop);
      config = {
        ...config,
        BRP_API_URL: stubs.brpUrl,
        CARD_PRODUCER_URL: stubs.cardProducerUrl,
        INLICHTINGENBUREAU_URL: stubs.inlichtingenbureauUrl,
        RDW_API_URL: stubs.rdwUrl,
        PAYMENT_API_URL: stubs.paymentUrl,
      };
    }
    if (config.LOAD_DEMO_DATA && (await db.resident.count()) === 0) {
      const municipality = registerMunicipality(config);
      const summary = await importFile(
        db,
        generateDemoData({ seed: 1, today: (options.now ?? (() => new Date()))(), municipality }),
        {
          municipalityName: municipality.name,
        },
      );
      logger.info({ residents: summary.residents.created, permits: summary.permits.created }, 'demo data loaded');
    }

    // A broken template stops the start here, not a renewal halfway through the night.
    createLetterTemplates().checkAll();
    const post = createPrintStreetChannel({ db, batchDir: config.PRINT_BATCH_DIR, logger });
    const now = options.now ?? (() => new Date());
    const connection = await connectEngine(config, database.url, logger, { now, exceptionTaskKinds: EXCEPTION_TASK_KINDS });
    stops.push(connection.stop);
    const { engine } = connection;
    const ctx = createRenewalContext({ db, config, catalogue, logger, post, processes: engine, now });
    await engine.deploy(BPMN_DIR);
    if (config.RUN_WORKERS) {
      const workers = startWorkers(engine, ctx, logger, {
        maxConcurrency: config.WORKER_MAX_CONCURRENCY,
        lockDurationMs: config.WORKER_LOCK_DURATION_MS,
        longPollMs: config.WORKER_LONG_POLL_MS,
      });
      stops.push(workers.stop);
    }
    const publisher = residentResponsePublisher(engine);
    const lifeEvents = { db, brp: ctx.brp, messages: engine, municipalityCode: config.MUNICIPALITY_CODE, logger, now: ctx.now };
    let settling: Promise<unknown> | undefined;
    const answers = setInterval(() => {
      deliverPendingAnswers({ db, engine: publisher, now: ctx.now, logger }).catch((err: unknown) =>
        logger.warn({ err }, 'could not deliver queued resident answers; trying again shortly'),
      );
      // A life event a worker found (a GPK holder deceased) reaches the resident's other services
      // within seconds, not at tomorrow's cycle; one round at a time.
      if (settling) return;
      settling = settleLifeEvents(lifeEvents)
        .catch((err: unknown) => logger.warn({ err }, 'could not settle reported life events; trying again shortly'))
        .finally(() => (settling = undefined));
    }, ANSWER_RETRY_MS);
    stops.push(async () => {
      clearInterval(answers);
      await settling;
    });

    const server: Server = createServer(
      createApp({
        db,
        config,
        logger,
        engine: { ...publisher, exceptionTasks: engine.exceptionTasks },
        secrets: await webSecrets(db),
        now: ctx.now,
      }),
    );
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.PORT, resolve));
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const webUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
    logger.info({ webUrl }, 'web app listening');

    const cycle: CycleDeps = {
      db,
      config,
      catalogue,
      logger,
      starter: engineStarter(engine),
      brp: ctx.brp,
      messages: engine,
      now: ctx.now,
    };
    if (options.schedule) {
      const scheduler = startScheduler(cycle);
      stops.push(scheduler.stop);
    }
    const batches = cron.schedule(config.PRINT_BATCH_CRON, () => post.writeBatch(), {
      timezone: 'Europe/Amsterdam',
      noOverlap: true,
    });
    stops.push(async () => {
      await batches.stop();
    });

    const engineInfo = { restUrl: connection.restUrl, webappUrl: connection.webappUrl };
    return { db, ctx, engine, engineInfo, cycle, webUrl, databaseUrl: database.url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
