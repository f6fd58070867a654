import type { MaturityLevel } from '../../config';
import { calendarDate } from '../../calendar-date';
import { InvalidDataError } from '../../errors';
import type { RenewalContext } from '../../renewals/context';
import { loadRenewal } from '../../renewals/load';
import { childrenOfCase, participationDetails } from './household';

/** The table's offer row, as the model hands it to grant-participation. */
export interface TableAllowance {
  minimumAge: number;
  maximumAge: number;
  sportAmountEuros: number;
  cultureAmountEuros: number;
}

/**
 * Records what the offer gives before its letter is rendered: the children within the table's
 * age range and the table's amounts per child. One allowance per offer (a unique key on the
 * renewal), so a step delivered twice records it once; the children it names are what later
 * cases of the year read as "already offered", so no child is offered twice in a year.
 */
export async function grantParticipation(
  ctx: RenewalContext,
  renewalId: number,
  allowance: TableAllowance,
  maturity: MaturityLevel,
  grantedBy: string,
): Promise<void> {
  const existing = await ctx.db.participationAllowance.findUnique({ where: { renewalId } });
  if (existing) return;
  const loaded = await loadRenewal(ctx.db, renewalId);
  const details = participationDetails(loaded);
  const { children } = await childrenOfCase(ctx.db, loaded, calendarDate(ctx.now()));
  const named = children.filter((c) => c.age >= allowance.minimumAge && c.age <= allowance.maximumAge);
  if (named.length === 0)
    throw new InvalidDataError(
      `Renewal ${renewalId}: the table offered, but no child is ${allowance.minimumAge}-${allowance.maximumAge}`,
    );
  const data = {
    renewalId,
    residentId: loaded.resident.id,
    year: details.year,
    childIds: named.map((c) => c.id),
    sportAmountCents: allowance.sportAmountEuros * 100,
    cultureAmountCents: allowance.cultureAmountEuros * 100,
    maturity,
  };
  await ctx.db.$transaction(async (tx) => {
    // Two deliveries at once both get here: the unique renewal id lets one of them record it.
    const { count } = await tx.participationAllowance.createMany({ data: [data], skipDuplicates: true });
    if (count === 0) return;
    await tx.auditEvent.create({
      data: {
        actor: grantedBy,
        action: 'participation-offered',
        subjectType: 'renewal',
        subjectId: String(renewalId),
        details: {
          year: details.year,
          children: named.length,
          sportAmountCents: data.sportAmountCents,
          cultureAmountCents: data.cultureAmountCents,
        },
        at: ctx.now(),
      },
    });
  });
}
