import { calendarDate, toIsoDate } from '../calendar-date';
import type { Db, LifeEventKind, Prisma } from '../db/client';
import type { CorrelationResult, Variables } from '../engine/port';
import { TransientError } from '../errors';
import type { Logger } from '../logger';
import type { BrpClient, BrpResidence } from '../registers/brp/client';

/**
 * "One resident, one picture": a death, an emigration or a move out of the municipality, as the
 * BRP reports it, is recorded once for the resident and then stops or adapts every renewal and
 * offer of theirs, in every service, here. Each model decides what "adapt" means for it in its
 * event subprocess on the message below (a GPK with a reserved parking place starts that place's
 * review); no model sends a letter from it, and the post refuses any to a deceased resident.
 */
export const LIFE_EVENT_MESSAGE = 'resident-life-event';

/** The business key every instance carries (renewalBusinessKey in src/renewals/vocabulary.ts, a floor above). */
const businessKey = (renewalId: number) => `renewal-${renewalId}`;

export interface LifeEventReport {
  kind: LifeEventKind;
  facts: { source: string; readOn: string; [fact: string]: unknown };
}

/** What in the BRP's answer ends a resident's services here; null while they still live here. */
export function lifeEventIn(brp: BrpResidence | null, municipalityCode: string, readOn: string): LifeEventReport | null {
  if (brp === null) return null;
  const base = { source: 'BRP', readOn };
  if (brp.death !== null || brp.suspension === 'DECEASED')
    return { kind: 'DECEASED', facts: { ...base, deceasedOn: brp.death?.value ?? null } };
  if (brp.suspension === 'EMIGRATED' || brp.abroad !== null)
    return { kind: 'EMIGRATED', facts: { ...base, country: brp.abroad?.country ?? null } };
  if (brp.municipality !== null && brp.municipality.code !== null && brp.municipality.code !== municipalityCode)
    return { kind: 'MOVED_OUT', facts: { ...base, registeredIn: brp.municipality.name ?? brp.municipality.code } };
  return null;
}

/** Records what the register reported; a second report of the same kind changes nothing. */
export async function recordLifeEvent(db: Db, residentId: number, report: LifeEventReport): Promise<boolean> {
  const { count } = await db.lifeEvent.createMany({
    data: [{ residentId, kind: report.kind, facts: report.facts as Prisma.InputJsonValue }],
    skipDuplicates: true,
  });
  return count === 1;
}

/** Statuses in which a renewal or offer still runs, or waits to. */
const RUNNING = ['PENDING_START', 'STARTED', 'AWAITING_RESIDENT', 'EXCEPTION'] as const;

export interface LifeEventDeps {
  db: Db;
  brp: BrpClient;
  /** Messages to running instances (the engine port's correlate). */
  messages: { correlate(messageName: string, businessKey: string, variables: Variables): Promise<CorrelationResult> };
  municipalityCode: string;
  logger: Logger;
  now(): Date;
}

/**
 * Asks the BRP about every resident with a running renewal or offer and records what ends their
 * services here. A register that does not answer for one resident is tried again next time; the
 * others go on.
 */
export async function sweepRegister(deps: LifeEventDeps, pageSize = 200): Promise<number> {
  const readOn = toIsoDate(calendarDate(deps.now()));
  let afterId = 0;
  let reported = 0;
  for (;;) {
    const residents = await deps.db.resident.findMany({
      where: { id: { gt: afterId }, lifeEvents: { none: {} }, renewals: { some: { status: { in: [...RUNNING] } } } },
      select: { id: true, bsn: true },
      orderBy: { id: 'asc' },
      take: pageSize,
    });
    if (residents.length === 0) return reported;
    afterId = residents[residents.length - 1]!.id;
    for (const resident of residents) {
      let brp: BrpResidence | null;
      try {
        brp = await deps.brp.getResidence(resident.bsn);
      } catch (err) {
        deps.logger.warn({ err, residentId: resident.id }, 'the BRP did not answer for a resident; asking again next time');
        continue;
      }
      const report = lifeEventIn(brp, deps.municipalityCode, readOn);
      if (report && (await recordLifeEvent(deps.db, resident.id, report))) reported += 1;
    }
  }
}

/**
 * Hands every recorded, unsettled life event to the resident's running renewals and offers: one
 * that waits to start is stopped here; a running one gets the message, and its model stops or
 * adapts it. An instance that ended meanwhile needs nothing. An event is settled only when every
 * running case has it: an engine busy with the instance (a step completing at that moment), or an
 * instance not yet waiting for the message, leaves it for the next round. Safe to run again:
 * settled events are done, and a message to an instance that already took one finds nothing waiting.
 */
export async function settleLifeEvents(deps: LifeEventDeps): Promise<number> {
  const events = await deps.db.lifeEvent.findMany({ where: { settledAt: null }, orderBy: { id: 'asc' } });
  let settled = 0;
  for (const event of events) {
    const renewals = await deps.db.renewal.findMany({
      where: { residentId: event.residentId, status: { in: [...RUNNING] } },
      select: { id: true, service: true },
    });
    let handedToAll = true;
    for (const renewal of renewals) {
      if (await stopUnstarted(deps, renewal.id, event.kind)) continue;
      if (!(await handOver(deps, renewal, event.kind))) handedToAll = false;
    }
    if (!handedToAll) continue;
    await deps.db.lifeEvent.update({ where: { id: event.id }, data: { settledAt: deps.now() } });
    settled += 1;
  }
  return settled;
}

/** The message to a running case; false when it must be tried again (the case still runs but did not take it). */
async function handOver(deps: LifeEventDeps, renewal: { id: number; service: string }, kind: LifeEventKind): Promise<boolean> {
  // Started meanwhile, or running all along: its model takes the message.
  const { processInstanceId } = await deps.db.renewal.findUniqueOrThrow({ where: { id: renewal.id } });
  if (processInstanceId === null) return false;
  let result: CorrelationResult;
  try {
    result = await deps.messages.correlate(LIFE_EVENT_MESSAGE, businessKey(renewal.id), { lifeEvent: kind });
  } catch (err) {
    if (!(err instanceof TransientError)) throw err;
    deps.logger.info({ err, renewalId: renewal.id }, 'the engine was busy with the case; handing the life event over next round');
    return false;
  }
  deps.logger.info(
    { renewalId: renewal.id, service: renewal.service, lifeEvent: kind, result },
    'life event handed to a running renewal',
  );
  if (result === 'correlated') return true;
  // Nothing waited: fine if the case ended meanwhile, to be tried again if it still runs.
  const now = await deps.db.renewal.findUniqueOrThrow({ where: { id: renewal.id }, select: { status: true } });
  return !(RUNNING as readonly string[]).includes(now.status);
}

/** Stops a renewal that waits to start; false when it is no longer waiting (a starter took it). */
async function stopUnstarted(deps: LifeEventDeps, renewalId: number, kind: LifeEventKind): Promise<boolean> {
  const at = deps.now();
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.renewal.updateMany({
      where: { id: renewalId, status: 'PENDING_START' },
      data: { status: 'STOPPED', outcome: 'resident-left' },
    });
    if (count === 0) return false;
    await tx.renewalStatusChange.create({ data: { renewalId, status: 'STOPPED', reason: `life event ${kind}`, at } });
    return true;
  });
}

/** True when the register reported the resident deceased: nothing may be sent to them any more. */
export async function isDeceased(db: Db, residentId: number): Promise<boolean> {
  return (await db.lifeEvent.count({ where: { residentId, kind: 'DECEASED' } })) > 0;
}
