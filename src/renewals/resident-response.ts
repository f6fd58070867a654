import type { Db } from '../db/client';
import { TransientError } from '../errors';
import type { ResidentResponse } from '../process/gpk-renewal-contract';
import { redeemCode } from './confirmation-code';

export interface ResidentResponsePublisher {
  publishResidentResponse(renewalId: number, response: ResidentResponse, residentReport?: string): Promise<void>;
}

/**
 * A resident answers the confirmation letter with their code. Using up the code, telling the
 * waiting process and recording the contact moment happen in one transaction: when the engine
 * cannot be reached, the code stays valid and the resident can simply try again; a second
 * submission (double click) waits for the first and then finds the code used. Returns false for
 * any code that is unknown, used or expired, without saying which.
 */
export async function receiveResidentResponse(
  deps: { db: Db; engine: ResidentResponsePublisher; now(): Date },
  code: string,
  response: ResidentResponse,
  residentReport?: string,
): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const renewalId = await redeemCode(tx, code, deps.now());
    if (renewalId === null) return false;
    const renewal = await tx.renewal.findUniqueOrThrow({ where: { id: renewalId }, include: { permit: true } });
    await tx.contactMoment.create({
      data: {
        residentId: renewal.permit.residentId,
        renewalId,
        channel: 'web',
        subject: `resident-${response}`,
        content: residentReport ? `Resident answered "${response}": ${residentReport}` : `Resident answered "${response}"`,
        occurredAt: deps.now(),
      },
    });
    try {
      await deps.engine.publishResidentResponse(renewalId, response, residentReport);
    } catch (err) {
      throw new TransientError(`The process engine did not take the answer: ${(err as Error).message}`);
    }
    return true;
  });
}
