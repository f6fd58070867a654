import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../logger';
import type { CorrelationResult, DeployedModels, ExceptionTaskKind, ProcessEngine } from '../port';
import { operatonExceptionTasks } from './exception-tasks';
import { startExternalTaskWorkers } from './external-task-workers';
import { createRestClient, EngineRequestError, type EngineCredentials } from './rest';
import { toTyped } from './variables';

/** Resources the engine deploys: processes, decision tables and the case workers' forms. */
const DEPLOYABLE = ['.bpmn', '.dmn', '.form'];
const DEPLOYMENT_NAME = 'tijdig';

export interface OperatonOptions {
  /** The REST API's root, e.g. http://127.0.0.1:8080/engine-rest. */
  restUrl: string;
  credentials: EngineCredentials;
  exceptionTaskKinds: readonly ExceptionTaskKind[];
  logger: Logger;
  now?: () => Date;
}

/** Operaton (or any engine with the Camunda 7 REST API) as Tijdig's process engine. */
export function connectOperaton(options: OperatonOptions): ProcessEngine {
  const { logger } = options;
  const rest = createRestClient(options.restUrl, options.credentials);

  return {
    async waitUntilReady(timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      let lastProblem = 'no answer yet';
      for (;;) {
        try {
          // Authenticated on purpose: the engine's own account is created just after the REST API opens.
          await rest.request('GET', '/deployment/count', undefined, { timeoutMs: 5000 });
          return;
        } catch (err) {
          lastProblem = (err as Error).message;
        }
        if (Date.now() > deadline)
          throw new Error(`The process engine at ${rest.baseUrl} did not answer within ${timeoutMs / 1000} s: ${lastProblem}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },

    async deploy(dir): Promise<DeployedModels> {
      const files = (await readdir(dir)).filter((f) => DEPLOYABLE.includes(path.extname(f))).sort();
      const form = new FormData();
      form.set('deployment-name', DEPLOYMENT_NAME);
      form.set('deployment-source', 'tijdig');
      // Only changed resources become new versions, so a restart deploys nothing new.
      form.set('enable-duplicate-filtering', 'true');
      form.set('deploy-changed-only', 'true');
      for (const file of files) form.append(file, new Blob([await readFile(path.join(dir, file))]), file);
      let deployment: {
        deployedProcessDefinitions?: Record<string, unknown> | null;
        deployedDecisionDefinitions?: Record<string, unknown> | null;
      };
      try {
        deployment = await rest.upload('/deployment/create', form);
      } catch (err) {
        throw new Error(`The engine rejected the models in ${dir} (${files.join(', ')}): ${(err as Error).message}`);
      }
      const changed =
        Object.keys(deployment.deployedProcessDefinitions ?? {}).length > 0 ||
        Object.keys(deployment.deployedDecisionDefinitions ?? {}).length > 0;
      const latest = await rest.request<{ key: string; version: number }[]>('GET', '/process-definition?latestVersion=true');
      const processes = latest.map((p) => `${p.key} v${p.version}`);
      logger.info({ processes, changed }, changed ? 'models deployed' : 'models unchanged; nothing deployed');
      return { processes, changed };
    },

    async start(processKey, businessKey, variables) {
      const instance = await rest.request<{ id: string }>(
        'POST',
        `/process-definition/key/${encodeURIComponent(processKey)}/start`,
        {
          businessKey,
          variables: toTyped(variables),
        },
      );
      return instance.id;
    },

    async startByMessage(messageName, businessKey, variables) {
      const results = await rest.request<{ processInstance?: { id: string } | null }[]>('POST', '/message', {
        messageName,
        businessKey,
        processVariables: toTyped(variables),
        startMessagesOnly: true,
        resultEnabled: true,
      });
      const id = results[0]?.processInstance?.id;
      if (!id) throw new Error(`The engine started no process with message "${messageName}"`);
      return id;
    },

    async correlate(messageName, businessKey, variables): Promise<CorrelationResult> {
      try {
        await rest.request('POST', '/message', { messageName, businessKey, processVariables: toTyped(variables) });
        return 'correlated';
      } catch (err) {
        if (err instanceof EngineRequestError && err.type === 'MismatchingMessageCorrelationException') return 'nothing-waiting';
        throw err;
      }
    },

    subscribe: (subscriptions, workerOptions) => startExternalTaskWorkers(rest, subscriptions, workerOptions, logger),

    exceptionTasks: operatonExceptionTasks(rest, options.exceptionTaskKinds, options.now ?? (() => new Date())),
  };
}
