import { createLogger } from '../../src/logger';
import type { ResidentResponse } from '../../src/renewals/vocabulary';
import type { ResidentResponsePublisher } from '../../src/renewals/resident-response';
import { scanService } from '../../src/services/scan';
import { importFile } from '../../src/import/import';
import { webSecrets } from '../../src/web/app';
import { nextBsn } from '../support/bsn-factory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { FormClient } from '../support/form-client';
import { completed, deliver } from '../support/jobs';
import { pdfText } from '../support/pdf-text';
import { createRenewalWorld, MUNICIPALITY } from '../support/renewal-world';
import { serveApp, type ServedApp } from '../support/web-app';

/**
 * The resident's side of the remission offer at /verlengen: the code from the offer letter opens
 * a page about the year's assessment, and the answer is remission accepted or declined.
 */
const now = new Date('2026-11-25T09:00:00Z');
const logger = createLogger('silent');
let database: TestDatabase;
let world: Awaited<ReturnType<typeof createRenewalWorld>>;
let app: ServedApp;
const published: { renewalId: number; response: ResidentResponse }[] = [];
const engine: ResidentResponsePublisher = {
  async publishResidentResponse(renewalId, response) {
    published.push({ renewalId, response });
    return 'correlated' as const;
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  world = await createRenewalWorld(database.db, now);
  app = await serveApp({
    db: database.db,
    config: world.ctx.config,
    logger,
    engine,
    secrets: await webSecrets(database.db),
    now: () => now,
  });
});

afterAll(async () => {
  await app.close();
  await world.stop();
  await database.drop();
});

let serial = 0;

/** A resident with this year's levy, the offer's code issued and its letter made. */
async function offerLetter(): Promise<{ renewalId: number; code: string }> {
  serial += 1;
  const bsn = nextBsn();
  await importFile(
    database.db,
    {
      formatVersion: 1,
      residents: [
        {
          bsn,
          givenNames: 'Mila',
          surname: `de Wit${serial}`,
          birthDate: '1975-05-05',
          address: {
            street: 'Nieuwstraat',
            houseNumber: serial,
            postalCode: '9999 CD',
            city: MUNICIPALITY.name,
            municipalityCode: MUNICIPALITY.code,
            validFrom: '2012-01-01',
          },
          levyAssessments: [{ year: 2026, number: `AH-2026-${bsn}`, household: 'single', amount: 289.2 }],
        },
      ],
    },
    { municipalityName: MUNICIPALITY.name },
  );
  await scanService(
    database.db,
    { service: 'remission', trigger: { kind: 'yearly', from: '01-15' }, pageSize: 50, now, force: true },
    logger,
  );
  const resident = await database.db.resident.findUniqueOrThrow({ where: { bsn } });
  const { id: renewalId } = await database.db.renewal.findFirstOrThrow({ where: { residentId: resident.id } });
  const variables = { renewalId, responseDeadline: 'P28D' };
  completed(
    await deliver(world.ctx, logger, { topic: 'issue-confirmation-code', elementId: 'issue-confirmation-code', variables }),
  );
  completed(
    await deliver(world.ctx, logger, {
      topic: 'render-letter',
      elementId: 'render-offer-letter',
      variables,
      properties: { template: 'remission/offer' },
    }),
  );
  const letter = await database.db.letter.findFirstOrThrow({ where: { renewalId, template: 'remission/offer' } });
  const code = /\b([A-Z2-9]{5}-[A-Z2-9]{5})\b/.exec(await pdfText(letter.pdf))?.[1];
  if (!code) throw new Error('no personal code in the offer letter');
  return { renewalId, code };
}

describe('remission offer at /verlengen', () => {
  it('when the resident types the code from the offer letter, then the page shows the year’s assessment and accepting it tells the process the offer is accepted', async () => {
    const { renewalId, code } = await offerLetter();
    const browser = new FormClient(app.baseUrl);
    const entered = await browser.post('/verlengen', { code });
    expect(entered.headers.get('location')).toBe('/verlengen/gegevens');
    const page = await (await browser.get('/verlengen/gegevens')).text();
    expect(page).toContain('Wilt u kwijtschelding?');
    expect(page).toContain('AH-2026-');
    expect(page).toContain('€ 289,20');
    expect(page).not.toContain('kaart');

    const accepted = await browser.post('/verlengen/bevestigen');
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/verlengen/ontvangen?antwoord=confirmed&dienst=kwijtschelding');
    const receipt = await (await browser.get(accepted.headers.get('location')!)).text();
    expect(receipt).toContain('U wilt kwijtschelding.');
    expect(published.filter((p) => p.renewalId === renewalId)).toEqual([{ renewalId, response: 'confirmed' }]);
  });

  it('when the resident does not want remission, then the page asks once more in the offer’s words and the process hears declined', async () => {
    const { renewalId, code } = await offerLetter();
    const browser = new FormClient(app.baseUrl);
    await browser.post('/verlengen', { code });
    const confirm = await (await browser.get('/verlengen/afzien')).text();
    expect(confirm).toContain('Ja, ik wil geen kwijtschelding');
    const declined = await browser.post('/verlengen/afzien');
    expect(declined.headers.get('location')).toBe('/verlengen/ontvangen?antwoord=declined&dienst=kwijtschelding');
    expect(published.filter((p) => p.renewalId === renewalId)).toEqual([{ renewalId, response: 'declined' }]);
  });
});
