import type { Db } from '../db/client';
import type { CorrelationResult } from '../engine/port';
import type { Logger } from '../logger';
import { RESIDENT_RESPONSE_MESSAGE, renewalBusinessKey, type ResidentResponse } from './vocabulary';
import { redeemCode } from './confirmation-code';

/** Hands the resident's answer to the renewal's waiting process. */
export interface ResidentResponsePublisher {
  publishResidentResponse(renewalId: number, response: ResidentResponse, residentReport?: string): Promise<CorrelationResult>;
}

/** The engine as a publisher of answers: the answer is a message correlated by the renewal's business key. */
export function residentResponsePublisher(engine: {
  correlate(name: string, businessKey: string, variables: Record<string, string>): Promise<CorrelationResult>;
}): ResidentResponsePublisher {
  return {
    publishResidentResponse: (renewalId, response, residentReport) =>
      engine.correlate(
        RESIDENT_RESPONSE_MESSAGE,
        renewalBusinessKey(renewalId),
        residentReport === undefined ? { residentResponse: response } : { residentResponse: response, residentReport },
      ),
  };
}

/**
 * What became of an answer: the process took it; it waits for the process to reach the point
 * where it listens (it came before the letter step finished, or the engine was unreachable);
 * or it came after the process had moved on (deadline passed, renewal closed): kept on record
 * for the case worker, never applied.
 */
export type AnswerReceipt = 'delivered' | 'queued' | 'late';

interface Deps {
  db: Db;
  engine: ResidentResponsePublisher;
  now(): Date;
  logger?: Logger;
}

/** Renewal states in which the process may still come to listen for the answer. */
const STILL_LISTENING = new Set(['STARTED', 'AWAITING_RESIDENT']);

/**
 * Tries to hand one pending answer to its process, at most once: the row is locked while it is
 * delivered, so two deliverers never correlate the same answer.
 */
async function deliver(deps: Deps, answerId: number): Promise<AnswerReceipt> {
  return deps.db.$transaction(
    async (tx) => {
      const [answer] = await tx.$queryRaw<{ id: number; renewalId: number; response: ResidentResponse; report: string | null }[]>`
        SELECT id, "renewalId", response, report FROM resident_answer
        WHERE id = ${answerId} AND state = 'PENDING' FOR UPDATE SKIP LOCKED`;
      if (!answer) return 'queued';
      let result: CorrelationResult;
      try {
        result = await deps.engine.publishResidentResponse(answer.renewalId, answer.response, answer.report ?? undefined);
      } catch (err) {
        deps.logger?.warn(
          { err: (err as Error).message, renewalId: answer.renewalId },
          'engine did not take the answer; it stays queued',
        );
        return 'queued';
      }
      if (result === 'correlated') {
        await tx.residentAnswer.update({ where: { id: answer.id }, data: { state: 'DELIVERED', settledAt: deps.now() } });
        return 'delivered';
      }
      const renewal = await tx.renewal.findUniqueOrThrow({ where: { id: answer.renewalId } });
      if (STILL_LISTENING.has(renewal.status)) return 'queued';
      await tx.residentAnswer.update({ where: { id: answer.id }, data: { state: 'LATE', settledAt: deps.now() } });
      await tx.contactMoment.create({
        data: {
          residentId: renewal.residentId,
          renewalId: renewal.id,
          channel: 'web',
          subject: 'resident-answer-late',
          content: `The answer "${answer.response}" arrived when the renewal was already ${renewal.status.toLowerCase()}; it was not applied.`,
          occurredAt: deps.now(),
        },
      });
      return 'late';
    },
    { timeout: 60_000 },
  );
}

/**
 * A resident answers the confirmation letter with their code. Using up the code, recording the
 * contact moment and keeping the answer happen in one transaction, so an answer is never lost;
 * handing it to the process follows, and is retried by `deliverPendingAnswers` when nothing
 * waits yet. A code that is unknown, used (a second submission) or expired gives null, without
 * saying which.
 */
export async function receiveResidentResponse(
  deps: Deps,
  code: string,
  response: ResidentResponse,
  residentReport?: string,
): Promise<AnswerReceipt | null> {
  const answerId = await deps.db.$transaction(async (tx) => {
    const renewalId = await redeemCode(tx, code, deps.now());
    if (renewalId === null) return null;
    const renewal = await tx.renewal.findUniqueOrThrow({ where: { id: renewalId } });
    await tx.contactMoment.create({
      data: {
        residentId: renewal.residentId,
        renewalId,
        channel: 'web',
        subject: `resident-${response}`,
        content: residentReport ? `Resident answered "${response}": ${residentReport}` : `Resident answered "${response}"`,
        occurredAt: deps.now(),
      },
    });
    const answer = await tx.residentAnswer.create({
      data: { renewalId, response, report: residentReport ?? null, receivedAt: deps.now() },
    });
    return answer.id;
  });
  return answerId === null ? null : deliver(deps, answerId);
}

/** Hands every queued answer to its process (run every few seconds); returns how many were delivered. */
export async function deliverPendingAnswers(deps: Deps): Promise<number> {
  const pending = await deps.db.residentAnswer.findMany({ where: { state: 'PENDING' }, orderBy: { id: 'asc' }, take: 200 });
  let delivered = 0;
  for (const answer of pending) if ((await deliver(deps, answer.id)) === 'delivered') delivered += 1;
  return delivered;
}
