import type { RenewalContext } from '../../renewals/context';
import { loadRenewal } from '../../renewals/load';
import { levyDetails } from './levy';

/**
 * Records that the resident's levy of the offer's year is remitted: one grant per resident and
 * year (a unique key), so a step delivered twice, or a second offer for the same year, grants
 * once. The grant is also what next year's table reads as "granted last year". An audit event
 * says who granted it: the table (automatically), the resident's acceptance, or a case worker.
 */
export async function grantRemission(ctx: RenewalContext, renewalId: number, grantedBy: string): Promise<void> {
  const loaded = await loadRenewal(ctx.db, renewalId);
  const levy = levyDetails(loaded);
  const residentId = loaded.resident.id;
  const key = { residentId_year: { residentId, year: levy.year } };
  await ctx.db.$transaction(async (tx) => {
    const existing = await tx.remissionGrant.findUnique({ where: key });
    if (existing?.granted) return;
    const at = ctx.now();
    const data = { granted: true, amountCents: levy.amountCents, source: 'tijdig', renewalId, decidedAt: at };
    await tx.remissionGrant.upsert({ where: key, create: { residentId, year: levy.year, ...data }, update: data });
    await tx.auditEvent.create({
      data: {
        actor: grantedBy,
        action: 'remission-granted',
        subjectType: 'renewal',
        subjectId: String(renewalId),
        details: { year: levy.year, assessment: levy.assessmentNumber, amountCents: levy.amountCents },
        at,
      },
    });
  });
}
