import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Camunda8 } from '@camunda8/sdk';
import type { Logger } from '../logger';
import {
  ASSESS_EXCEPTION_ELEMENT_ID,
  GPK_RENEWAL_PROCESS_ID,
  RESIDENT_RESPONSE_MESSAGE,
  type Decision,
  type ResidentResponse,
} from '../process/gpk-renewal-contract';
import type { RenewalProcessStarter, RenewalStartVariables } from '../renewals/start-renewals';

export const BPMN_DIR = path.resolve(__dirname, '..', '..', 'bpmn');

/**
 * Tijdig's connection to a Camunda 8 cluster. The SDK reads Camunda's standard connection
 * variables itself (ZEEBE_GRPC_ADDRESS, ZEEBE_REST_ADDRESS, CAMUNDA_AUTH_STRATEGY, CAMUNDA_OAUTH_URL,
 * ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET, ...), so pointing Tijdig at a self-managed or SaaS cluster
 * is configuration only.
 */
export function connectCamunda(logger: Logger) {
  const c8 = new Camunda8();
  const rest = c8.getCamundaRestClient();
  const zeebe = c8.getZeebeGrpcApiClient();

  /** Waits until the cluster answers with a topology, so deploying does not race its start. */
  async function waitUntilReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const topology = await rest.getTopology();
        if (topology.brokers.length > 0) return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`The Camunda engine did not answer within ${timeoutMs / 1000} s: ${(err as Error).message}`);
      }
      if (Date.now() > deadline) throw new Error(`The Camunda engine reported no brokers within ${timeoutMs / 1000} s`);
      logger.info('waiting for the Camunda engine');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  /**
   * Deploys every model and form in bpmn/. The engine keeps an unchanged resource at its current
   * version, so a restart does not produce new versions; a model the engine rejects stops start-up
   * with the engine's reason and the file names.
   */
  async function deployModels(dir = BPMN_DIR): Promise<void> {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.bpmn') || f.endsWith('.form')).map((f) => path.join(dir, f));
    try {
      const result = await rest.deployResourcesFromFiles(files);
      logger.info(
        { processes: result.processes.map((p) => `${p.processDefinitionId} v${p.processDefinitionVersion}`) },
        'models deployed',
      );
    } catch (err) {
      throw new Error(
        `The engine rejected the models in ${dir} (${files.map((f) => path.basename(f)).join(', ')}): ${(err as Error).message}`,
      );
    }
  }

  const starter: RenewalProcessStarter = {
    async start(variables: RenewalStartVariables) {
      const instance = await rest.createProcessInstance({
        processDefinitionId: GPK_RENEWAL_PROCESS_ID,
        variables: { ...variables },
      });
      return String(instance.processInstanceKey);
    },
  };

  /** The resident's answer; the message id makes a repeated publish a no-op in the engine. */
  async function publishResidentResponse(renewalId: number, response: ResidentResponse, residentReport?: string): Promise<void> {
    await rest.publishMessage({
      name: RESIDENT_RESPONSE_MESSAGE,
      correlationKey: String(renewalId),
      messageId: `${RESIDENT_RESPONSE_MESSAGE}:${renewalId}`,
      timeToLive: 3_600_000,
      variables: residentReport === undefined ? { residentResponse: response } : { residentResponse: response, residentReport },
    });
  }

  /** Open "assess exception" tasks of one process instance (the case worker's inbox reads the same). */
  async function openExceptionTasks(processInstanceKey: string) {
    const result = await rest.searchUserTasks({
      filter: { processInstanceKey, elementId: ASSESS_EXCEPTION_ELEMENT_ID, state: 'CREATED' },
    });
    return result.items;
  }

  /** The case worker's decision: completes the task, and the model routes on `decision`. */
  async function decideException(userTaskKey: string, decision: Decision, decisionNote: string): Promise<void> {
    await rest.completeUserTask({ userTaskKey, variables: { decision, decisionNote } });
  }

  return {
    zeebe,
    waitUntilReady,
    openExceptionTasks,
    decideException,
    deployModels,
    starter,
    publishResidentResponse,
    close: () => zeebe.close(),
  };
}

export type CamundaConnection = ReturnType<typeof connectCamunda>;
