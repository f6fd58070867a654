import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import type { Db } from '../../src/db/client';
import { createPrintStreetChannel } from '../../src/dispatch/print-street';
import { importFile } from '../../src/import/import';
import { createLogger } from '../../src/logger';
import { startRegisterStubs, type RegisterStubs } from '../../src/registers/stubs';
import { createRenewalContext } from '../../src/renewals/context';
import { testEngine } from './engine';
import { nextBsn } from './bsn-factory';

export const MUNICIPALITY = { code: '0999', name: 'Voorbeeldstad' };

/** A world for renewal tests: the real register stubs over HTTP, real clients, real letters. */
export async function createRenewalWorld(db: Db, now: Date, overrides: Record<string, string> = {}) {
  const logger = createLogger('silent');
  const batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-print-'));
  const base = loadConfig({
    MUNICIPALITY_CODE: MUNICIPALITY.code,
    MUNICIPALITY_NAME: `Gemeente ${MUNICIPALITY.name}`,
    BRP_API_URL: 'http://127.0.0.1:0/haalcentraal/api/brp',
    CARD_PRODUCER_URL: 'http://127.0.0.1:0/api/v1',
    INLICHTINGENBUREAU_URL: 'http://127.0.0.1:0/inlichtingenbureau/api',
    RDW_API_URL: 'http://127.0.0.1:0/rdw/kentekenregistratie/v1',
    PAYMENT_API_URL: 'http://127.0.0.1:0/payments',
    ...overrides,
  });
  const stubs: RegisterStubs = await startRegisterStubs({ db, config: base, logger });
  const config: Config = {
    ...base,
    BRP_API_URL: stubs.brpUrl,
    CARD_PRODUCER_URL: stubs.cardProducerUrl,
    INLICHTINGENBUREAU_URL: stubs.inlichtingenbureauUrl,
    RDW_API_URL: stubs.rdwUrl,
    PAYMENT_API_URL: stubs.paymentUrl,
  };
  const ctx = createRenewalContext({
    db,
    config,
    logger,
    post: createPrintStreetChannel({ db, batchDir, logger, now: () => now }),
    processes: testEngine(() => now),
    now: () => now,
  });
  return {
    ctx,
    stubs,
    async stop() {
      await stubs.stop();
      await rm(batchDir, { recursive: true, force: true });
    },
  };
}

export type RegisterSituation =
  | { status: 'registered' }
  | { status: 'moved'; municipality: { code: string; name: string } }
  | { status: 'deceased'; deceasedOn: string }
  | { status: 'emigrated'; country: string; emigratedOn: string };

export interface HolderSpec {
  surname?: string;
  expiresOn: string;
  register?: RegisterSituation;
  indication?: { kind: 'PERMANENT' } | { kind: 'TEMPORARY'; endsOn: string };
  locale?: 'nl' | 'en';
}

let serial = 0;

/** Imports one GPK holder through the real import, as a municipality would load them. */
export async function importHolder(db: Db, spec: HolderSpec): Promise<{ bsn: string; permitNumber: string; surname: string }> {
  serial += 1;
  const bsn = nextBsn();
  const surname = spec.surname ?? `Jansen${serial}`;
  const permitNumber = `GPK-T-${bsn}-${serial}`;
  const expires = new Date(`${spec.expiresOn}T00:00:00Z`);
  const validFrom = new Date(Date.UTC(expires.getUTCFullYear() - 5, expires.getUTCMonth(), expires.getUTCDate()))
    .toISOString()
    .slice(0, 10);
  const indication = spec.indication ?? { kind: 'PERMANENT' };
  await importFile(
    db,
    {
      formatVersion: 1,
      residents: [
        {
          bsn,
          givenNames: 'Anna',
          surname,
          birthDate: '1950-04-01',
          locale: spec.locale ?? 'nl',
          address: {
            street: 'Dorpsstraat',
            houseNumber: serial,
            postalCode: '9999 AA',
            city: MUNICIPALITY.name,
            municipalityCode: MUNICIPALITY.code,
            validFrom: '2000-01-01',
          },
          permits: [
            {
              number: permitNumber,
              kind: 'B',
              validFrom,
              expiresOn: spec.expiresOn,
              indication:
                indication.kind === 'PERMANENT'
                  ? { kind: 'PERMANENT', assessedOn: validFrom }
                  : { ...indication, assessedOn: validFrom },
            },
          ],
          register: spec.register ?? { status: 'registered' },
        },
      ],
    },
    { municipalityName: MUNICIPALITY.name },
  );
  return { bsn, permitNumber, surname };
}
