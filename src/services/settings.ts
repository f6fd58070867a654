import type { MaturityLevel } from '../config';
import type { Db } from '../db/client';
import type { ServiceCatalogue, ServiceEntry } from '../service-catalogue';
import { serviceMaturityLevels } from './index';

/**
 * How far Tijdig acts on its own per service: the catalogue's level, unless a process owner chose
 * another on the overview page. Read at the start of every cycle, so a change takes effect from
 * the next cycle; instances already running keep the level they started with.
 */
export async function effectiveMaturities(db: Db, catalogue: ServiceCatalogue): Promise<Record<string, MaturityLevel>> {
  const chosen = new Map((await db.serviceSetting.findMany()).map((s) => [s.service, s.maturity]));
  return Object.fromEntries(
    catalogue.services.map((service) => [service.id, maturityOf(service, chosen.get(service.id))] as const),
  );
}

/** A stored choice the service's model has no path for (any more) gives way to the catalogue's. */
function maturityOf(service: ServiceEntry, chosen: string | undefined): MaturityLevel {
  return chosen !== undefined && (serviceMaturityLevels(service.id) as readonly string[]).includes(chosen)
    ? (chosen as MaturityLevel)
    : service.maturity;
}

/** A process owner's choice, with who made it as an audit event. */
export async function chooseMaturity(
  db: Db,
  change: { service: string; maturity: MaturityLevel; staffEmail: string; at: Date },
): Promise<void> {
  const { service, maturity, staffEmail, at } = change;
  await db.$transaction([
    db.serviceSetting.upsert({
      where: { service },
      create: { service, maturity, changedBy: staffEmail, changedAt: at },
      update: { maturity, changedBy: staffEmail, changedAt: at },
    }),
    db.auditEvent.create({
      data: {
        actor: staffEmail,
        action: 'maturity-changed',
        subjectType: 'service',
        subjectId: service,
        details: { maturity },
        at,
      },
    }),
  ]);
}
