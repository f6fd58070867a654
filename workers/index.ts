import type { ProcessEngine, WorkerOptions, Workers } from '../src/engine/port';
import type { Logger } from '../src/logger';
import type { Topic } from '../src/services/topics';
import type { RenewalContext } from '../src/renewals/context';
import checkIncome from './check-income';
import checkParticipation from './check-participation';
import chargePermit from './charge-permit';
import checkIndication from './check-indication';
import checkParkingPlace from './check-parking-place';
import checkResidence from './check-residence';
import checkVehicle from './check-vehicle';
import checkZone from './check-zone';
import closeRenewal from './close-renewal';
import { runTask, type WorkerDefinition } from './definition';
import grantParticipation from './grant-participation';
import grantRemission from './grant-remission';
import issueConfirmationCode from './issue-confirmation-code';
import openException from './open-exception';
import orderCard from './order-card';
import recordContactMoment from './record-contact-moment';
import renderLetter from './render-letter';
import requestParkingPlaceReview from './request-parking-place-review';
import sendLetter from './send-letter';
import withdrawParkingPlace from './withdraw-parking-place';

/** The one registry of workers: external-task topic -> definition (file of the same name). */
export const WORKERS: Record<Topic, WorkerDefinition<unknown, unknown>> = {
  'check-residence': checkResidence as WorkerDefinition<unknown, unknown>,
  'check-indication': checkIndication as WorkerDefinition<unknown, unknown>,
  'open-exception': openException as WorkerDefinition<unknown, unknown>,
  'render-letter': renderLetter as WorkerDefinition<unknown, unknown>,
  'send-letter': sendLetter as WorkerDefinition<unknown, unknown>,
  'order-card': orderCard as WorkerDefinition<unknown, unknown>,
  'issue-confirmation-code': issueConfirmationCode as WorkerDefinition<unknown, unknown>,
  'record-contact-moment': recordContactMoment as WorkerDefinition<unknown, unknown>,
  'close-renewal': closeRenewal as WorkerDefinition<unknown, unknown>,
  'check-income': checkIncome as WorkerDefinition<unknown, unknown>,
  'grant-remission': grantRemission as WorkerDefinition<unknown, unknown>,
  'check-zone': checkZone as WorkerDefinition<unknown, unknown>,
  'check-vehicle': checkVehicle as WorkerDefinition<unknown, unknown>,
  'charge-permit': chargePermit as WorkerDefinition<unknown, unknown>,
  'request-parking-place-review': requestParkingPlaceReview as WorkerDefinition<unknown, unknown>,
  'check-parking-place': checkParkingPlace as WorkerDefinition<unknown, unknown>,
  'withdraw-parking-place': withdrawParkingPlace as WorkerDefinition<unknown, unknown>,
  'check-participation': checkParticipation as WorkerDefinition<unknown, unknown>,
  'grant-participation': grantParticipation as WorkerDefinition<unknown, unknown>,
};

/** Subscribes every worker to its topic on the engine; stop them through the returned handle. */
export function startWorkers(engine: ProcessEngine, ctx: RenewalContext, logger: Logger, options: WorkerOptions): Workers {
  return engine.subscribe(
    Object.values(WORKERS).map((definition) => ({
      topic: definition.topic,
      handler: (task) => runTask(definition, task, ctx, logger),
    })),
    options,
  );
}
