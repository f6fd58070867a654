import path from 'node:path';
import { engineAdminPassword, type Config } from '../config';
import type { Logger } from '../logger';
import { ASSESS_EXCEPTION_ELEMENT_ID, GPK_RENEWAL_PROCESS_ID } from '../services/gpk/contract';
import { REMISSION_OFFER_PROCESS_ID } from '../services/remission/contract';
import { PARKING_PERMIT_RENEWAL_PROCESS_ID } from '../services/parking-permit/contract';
import { PARTICIPATION_OFFER_PROCESS_ID } from '../services/participation/contract';
import { startLocalEngine } from './local-engine';
import { connectOperaton } from './operaton/engine';
import type { EngineCredentials } from './operaton/rest';
import type { ProcessEngine } from './port';

/** Every user task a case worker decides, by process. */
export const EXCEPTION_TASK_KINDS = [
  { processKey: GPK_RENEWAL_PROCESS_ID, elementId: ASSESS_EXCEPTION_ELEMENT_ID },
  { processKey: REMISSION_OFFER_PROCESS_ID, elementId: ASSESS_EXCEPTION_ELEMENT_ID },
  { processKey: PARKING_PERMIT_RENEWAL_PROCESS_ID, elementId: ASSESS_EXCEPTION_ELEMENT_ID },
  { processKey: PARTICIPATION_OFFER_PROCESS_ID, elementId: ASSESS_EXCEPTION_ELEMENT_ID },
];

export interface EngineConnection {
  engine: ProcessEngine;
  /** Where people find the engine's own webapps, when Tijdig started the engine. */
  webappUrl: string | null;
  restUrl: string;
  /** Ends what Tijdig started (the local engine); an existing engine is left running. */
  stop(): Promise<void>;
}

/**
 * The engine the configuration names: an existing one (ENGINE_REST_URL) or, by default, the
 * Operaton that Tijdig builds from engine/ and starts beside its database.
 */
export async function connectEngine(
  config: Config,
  databaseUrl: string,
  logger: Logger,
  now: () => Date,
): Promise<EngineConnection> {
  if (config.ENGINE_REST_URL) {
    const credentials: EngineCredentials = config.ENGINE_TOKEN
      ? { kind: 'bearer', token: config.ENGINE_TOKEN }
      : { kind: 'basic', user: config.ENGINE_USER!, password: config.ENGINE_PASSWORD! };
    const engine = connectOperaton({
      restUrl: config.ENGINE_REST_URL,
      credentials,
      exceptionTaskKinds: EXCEPTION_TASK_KINDS,
      logger,
      now,
    });
    await engine.waitUntilReady();
    return { engine, webappUrl: null, restUrl: config.ENGINE_REST_URL, stop: async () => undefined };
  }
  const local = await startLocalEngine({
    databaseUrl,
    port: config.ENGINE_PORT,
    adminUser: config.ENGINE_ADMIN_USER,
    adminPassword: engineAdminPassword(config),
    logFile: config.ENGINE_LOG_FILE,
    logger,
  });
  const engine = connectOperaton({
    restUrl: local.restUrl,
    credentials: local.credentials,
    exceptionTaskKinds: EXCEPTION_TASK_KINDS,
    logger,
    now,
  });
  return { engine, webappUrl: local.webappUrl, restUrl: local.restUrl, stop: local.stop };
}

/** The process owners' models: processes, decision tables and forms, deployed as they are. */
export const BPMN_DIR = path.resolve(__dirname, '..', '..', 'bpmn');
