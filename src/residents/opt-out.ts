import type { Db } from '../db/client';

/**
 * "Stop contacting me proactively": from now on every scan skips this resident's cards. Recorded
 * as a contact moment (the resident's own overview shows it) and an audit event.
 */
export async function optOutOfProactiveContact(db: Db, residentId: number, channel: string, now: Date): Promise<void> {
  await db.$transaction([
    db.resident.updateMany({ where: { id: residentId, proactiveOptOutAt: null }, data: { proactiveOptOutAt: now } }),
    db.contactMoment.create({
      data: {
        residentId,
        channel,
        subject: 'proactive-opt-out',
        content: 'Resident asked not to be contacted proactively',
        occurredAt: now,
      },
    }),
    db.auditEvent.create({
      data: { actor: 'resident', action: 'proactive-opt-out', subjectType: 'resident', subjectId: String(residentId), at: now },
    }),
  ]);
}
