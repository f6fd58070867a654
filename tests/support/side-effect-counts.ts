import type { Db } from '../../src/db/client';

/**
 * What a fault may do to residents, counted for one batch of renewals: every figure must be 0.
 * Lost is a renewal that never reached a final state; a duplicate is a second letter of the same
 * kind, a second card order (in Tijdig or at the card producer), a second dispatch of a letter or
 * a second contact moment for one letter; missing is a renewed card without its letter, dispatch,
 * order or contact moment.
 */
export interface SideEffectCounts {
  lost: number;
  duplicateLetters: number;
  duplicateCardOrders: number;
  duplicateProducerOrders: number;
  duplicateDispatches: number;
  duplicateContactMoments: number;
  missingSideEffects: number;
}

export const NOTHING_LOST_OR_DUPLICATED: SideEffectCounts = {
  lost: 0,
  duplicateLetters: 0,
  duplicateCardOrders: 0,
  duplicateProducerOrders: 0,
  duplicateDispatches: 0,
  duplicateContactMoments: 0,
  missingSideEffects: 0,
};

const FINAL_STATUSES = ['COMPLETED', 'STOPPED'] as const;

const moreThanOnce = (keys: string[]) => {
  const seen = new Map<string, number>();
  for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
  return [...seen.values()].filter((n) => n > 1).length;
};

export async function countSideEffects(db: Db, renewalIds: number[]): Promise<SideEffectCounts> {
  const [renewals, letters, cardOrders, contactMoments] = await Promise.all([
    db.renewal.findMany({ where: { id: { in: renewalIds } }, select: { id: true, status: true, outcome: true } }),
    db.letter.findMany({ where: { renewalId: { in: renewalIds } }, select: { id: true, renewalId: true, template: true } }),
    db.cardOrder.findMany({ where: { renewalId: { in: renewalIds } }, select: { renewalId: true } }),
    db.contactMoment.findMany({ where: { renewalId: { in: renewalIds } }, select: { renewalId: true, subject: true } }),
  ]);
  const [dispatches, producerOrders] = await Promise.all([
    db.dispatch.findMany({ where: { letterId: { in: letters.map((l) => l.id) } }, select: { letterId: true } }),
    // The producer knows an order by the reference Tijdig sent: renewal-<id>:<BPMN element>.
    db.stubCardOrder.findMany({
      where: { OR: renewalIds.map((id) => ({ reference: { startsWith: `renewal-${id}:` } })) },
      select: { reference: true },
    }),
  ]);
  const producerRenewal = (reference: string) => reference.slice(0, reference.indexOf(':'));

  const renewed = renewals.filter((r) => r.status === 'COMPLETED' && r.outcome === 'renewed');
  const dispatched = new Set(dispatches.map((d) => d.letterId));
  const recorded = new Set(contactMoments.map((c) => `${c.renewalId}:${c.subject}`));
  const ordered = new Set(cardOrders.map((c) => c.renewalId));
  const produced = new Set(producerOrders.map((o) => producerRenewal(o.reference)));
  // Whatever the templates are called: a renewed card has its order, at least one letter, and
  // every letter it got was sent and recorded as a contact moment under its template.
  const complete = (id: number) => {
    const own = letters.filter((l) => l.renewalId === id);
    return (
      ordered.has(id) &&
      produced.has(`renewal-${id}`) &&
      own.length > 0 &&
      own.every((l) => dispatched.has(l.id) && recorded.has(`${id}:${l.template}`))
    );
  };

  return {
    lost: renewalIds.length - renewals.filter((r) => (FINAL_STATUSES as readonly string[]).includes(r.status)).length,
    duplicateLetters: moreThanOnce(letters.map((l) => `${l.renewalId}:${l.template}`)),
    duplicateCardOrders: moreThanOnce(cardOrders.map((c) => String(c.renewalId))),
    duplicateProducerOrders: moreThanOnce(producerOrders.map((o) => producerRenewal(o.reference))),
    duplicateDispatches: moreThanOnce(dispatches.map((d) => String(d.letterId))),
    duplicateContactMoments: moreThanOnce(contactMoments.map((c) => `${c.renewalId}:${c.subject}`)),
    missingSideEffects: renewed.filter((r) => !complete(r.id)).length,
  };
}

/** One line per scenario in the test output, so a run shows what each fault did. */
export function printSummary(scenario: string, figures: Record<string, number>, details = ''): void {
  const line = Object.entries(figures)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  process.stdout.write(`[fault] ${scenario}: ${line}${details ? `; ${details}` : ''}\n`);
}

/** How far a batch has come, in side effects written: rises with every step a worker finishes. */
export async function stepsDone(db: Db, renewalIds: number[]): Promise<number> {
  const where = { renewalId: { in: renewalIds } };
  // One query after the other: a probe polled all the time should hold one connection, not five.
  return (
    (await db.letter.count({ where })) +
    (await db.cardOrder.count({ where })) +
    (await db.contactMoment.count({ where })) +
    (await db.dispatch.count({ where: { letter: where } })) +
    (await db.renewalStatusChange.count({ where }))
  );
}
