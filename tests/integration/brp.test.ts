import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Prisma } from '../../src/db/client';
import { InvalidDataError, TransientError } from '../../src/errors';
import { assessResidence } from '../../src/services/gpk/residence-rules';
import { type BrpClient, createBrpClient, RESIDENCE_FIELDS } from '../../src/registers/brp/client';
import type { RegisterStubs } from '../../src/registers/stubs';
import { nextBsn } from '../support/bsn-factory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startStubsOnFreePorts } from '../support/register-stubs';
import { ACCEPTED_FIELDS, AUTO_DELIVERED_FIELDS, OTHER_REFUSALS } from '../fixtures/brp/fields-refusals';
import {
  DEATH_DATES,
  DECEASED_WITHOUT_DATE,
  deceased,
  LIVING_AT_ADDRESS,
  NOT_LIVING_AT_ADDRESS,
  NOT_LIVING_AT_LOCATION,
  OPTIONAL_PARTS_ABSENT,
} from '../fixtures/brp/personen-answers';

const API_KEY = 'test-brp-key';

let testDb: TestDatabase;
let stubs: RegisterStubs;
let brp: BrpClient;

beforeAll(async () => {
  testDb = await createTestDatabase();
  stubs = await startStubsOnFreePorts(testDb.db, API_KEY);
  brp = createBrpClient({ baseUrl: stubs.brpUrl, apiKey: API_KEY });
});

afterAll(async () => {
  await stubs?.stop();
  await testDb?.drop();
});

/** A person registered in the stub BRP: by default living at a Voorbeeldstad address. */
async function registerPerson(overrides: Partial<Prisma.StubBrpPersonCreateInput> = {}) {
  const person = {
    bsn: nextBsn(),
    givenNames: 'Anna Maria',
    surnamePrefix: 'de',
    surname: 'Vries',
    municipalityCode: '0999',
    municipalityName: 'Voorbeeldstad',
    street: 'Dorpsstraat',
    houseNumber: 12,
    houseNumberAddition: 'A',
    postalCode: '1234AB',
    city: 'Voorbeeldstad',
    ...overrides,
  };
  await testDb.db.stubBrpPerson.create({ data: person });
  return person;
}

function postPersonen(body: unknown, apiKey = API_KEY): Promise<Response> {
  return fetch(`${stubs.brpUrl}/personen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify(body),
  });
}

/** A stand-in BRP that answers whatever the test wants, and remembers what it was asked. */
async function startFakeBrp(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const requests: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/haalcentraal/api/brp`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface PersonenBody {
  type: string;
  personen: unknown[];
}

interface ProblemBody {
  status: number;
  code: string;
  invalidParams?: { code: string; name: string; reason: string }[];
}

function readJson<T>(res: Response): Promise<T> {
  return res.json() as Promise<T>;
}

function answerJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

describe('BRP client against the BRP stub', () => {
  it('when a resident is registered at an address here, then the client returns the address, municipality and envelope lines', async () => {
    const person = await registerPerson();

    await expect(brp.getResidence(person.bsn)).resolves.toEqual({
      death: null,
      suspension: null,
      municipality: { code: '0999', name: 'Voorbeeldstad' },
      address: { street: 'Dorpsstraat', houseNumber: 12, houseNumberAddition: 'A', postalCode: '1234AB', city: 'Voorbeeldstad' },
      notLivingAtAddress: false,
      abroad: null,
      addressLines: ['Dorpsstraat 12 A', '1234 AB  VOORBEELDSTAD'],
    });
  });

  it('when the resident moved to another municipality, then the client reports that municipality and the new address', async () => {
    const person = await registerPerson({
      municipalityCode: '0363',
      municipalityName: 'Amsterdam',
      street: 'Kalverstraat',
      houseNumber: 1,
      houseNumberAddition: null,
      postalCode: '1012 nx',
      city: 'Amsterdam',
    });

    const residence = await brp.getResidence(person.bsn);

    expect(residence?.municipality).toEqual({ code: '0363', name: 'Amsterdam' });
    expect(residence?.address).toEqual({
      street: 'Kalverstraat',
      houseNumber: 1,
      houseNumberAddition: null,
      postalCode: '1012NX',
      city: 'Amsterdam',
    });
    expect(residence?.addressLines).toEqual(['Kalverstraat 1', '1012 NX  AMSTERDAM']);
  });

  it('when the holder has died, then the client returns the date of death and the suspension for death', async () => {
    const person = await registerPerson({ deceasedOn: new Date('2025-03-01'), suspensionReason: 'O' });

    const residence = await brp.getResidence(person.bsn);

    expect(residence).toMatchObject({
      death: { value: '2025-03-01', longFormat: '1 maart 2025', complete: true },
      suspension: 'DECEASED',
    });
  });

  it('when the holder emigrated, then the client returns the country and the suspension for emigration, without a Dutch address', async () => {
    const person = await registerPerson({
      municipalityCode: '1999',
      municipalityName: 'Registratie Niet Ingezetenen (RNI)',
      street: null,
      houseNumber: null,
      houseNumberAddition: null,
      postalCode: null,
      city: null,
      foreignCountry: 'België',
      suspensionReason: 'E',
    });

    await expect(brp.getResidence(person.bsn)).resolves.toEqual({
      death: null,
      suspension: 'EMIGRATED',
      municipality: { code: '1999', name: 'Registratie Niet Ingezetenen (RNI)' },
      address: null,
      notLivingAtAddress: false,
      abroad: { country: 'België' },
      addressLines: ['België'],
    });
  });

  it('when the BRP does not know the BSN, then the client returns null', async () => {
    await expect(brp.getResidence(nextBsn())).resolves.toBeNull();
  });

  it('when the API key is wrong, then the client fails with invalid data naming the refusal, not with a retry', async () => {
    const person = await registerPerson();
    const client = createBrpClient({ baseUrl: stubs.brpUrl, apiKey: 'not-the-key' });

    const failure = client.getResidence(person.bsn);

    await expect(failure).rejects.toBeInstanceOf(InvalidDataError);
    await expect(failure).rejects.toThrow(/HTTP 401/);
  });

  it('when the BSN fails the 11-proof, then the client refuses it without asking the BRP', async () => {
    const fetchSpy = jest.fn<ReturnType<typeof fetch>, Parameters<typeof fetch>>();
    const client = createBrpClient({ baseUrl: stubs.brpUrl, apiKey: API_KEY, fetch: fetchSpy });

    await expect(client.getResidence('999993654')).rejects.toBeInstanceOf(InvalidDataError);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('BRP stub API shape', () => {
  it('when the X-API-Key header is missing, then it answers 401 problem+json', async () => {
    const res = await fetch(`${stubs.brpUrl}/personen`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [nextBsn()], fields: ['naam'] }),
    });

    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 401, code: 'authentication' });
  });

  it('when fields is missing, then it answers 400 problem+json with fields named in invalidParams', async () => {
    const res = await postPersonen({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [nextBsn()] });

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({
      status: 400,
      code: 'paramsValidation',
      instance: '/haalcentraal/api/brp/personen',
      invalidParams: [{ code: 'required', name: 'fields', reason: 'Parameter is verplicht.' }],
    });
  });

  it('when fields is empty, names an unknown field, or too many BSNs are asked, then each problem is named', async () => {
    const empty = await postPersonen({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [nextBsn()], fields: [] });
    const unknown = await postPersonen({
      type: 'RaadpleegMetBurgerservicenummer',
      burgerservicenummer: [nextBsn()],
      fields: ['verblijfplaats', 'bestaatNiet'],
    });
    const tooMany = await postPersonen({
      type: 'RaadpleegMetBurgerservicenummer',
      burgerservicenummer: Array.from({ length: 21 }, () => nextBsn()),
      fields: ['naam'],
    });

    expect((await readJson<ProblemBody>(empty)).invalidParams).toEqual([
      { code: 'minItems', name: 'fields', reason: 'Array bevat minder dan 1 items.' },
    ]);
    expect((await readJson<ProblemBody>(unknown)).invalidParams).toEqual([
      { code: 'fields', name: 'fields[1]', reason: 'Parameter bevat een niet bestaande veldnaam.' },
    ]);
    expect((await readJson<ProblemBody>(tooMany)).invalidParams).toEqual([
      { code: 'maxItems', name: 'burgerservicenummer', reason: 'Array bevat meer dan 20 items.' },
    ]);
  });

  it('when one field is asked, then only that field is returned', async () => {
    const person = await registerPerson();

    const res = await postPersonen({
      type: 'RaadpleegMetBurgerservicenummer',
      burgerservicenummer: [person.bsn],
      fields: ['gemeenteVanInschrijving'],
    });

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      type: 'RaadpleegMetBurgerservicenummer',
      personen: [{ gemeenteVanInschrijving: { code: '0999', omschrijving: 'Voorbeeldstad' } }],
    });
  });

  it('when a nested field is asked, then only that part is returned, with the verblijfplaats type', async () => {
    const person = await registerPerson();

    const res = await postPersonen({
      type: 'RaadpleegMetBurgerservicenummer',
      burgerservicenummer: [person.bsn],
      fields: ['verblijfplaats.verblijfadres.postcode', 'naam.geslachtsnaam'],
    });

    expect((await readJson<PersonenBody>(res)).personen).toEqual([
      { verblijfplaats: { type: 'Adres', verblijfadres: { postcode: '1234AB' } }, naam: { geslachtsnaam: 'Vries' } },
    ]);
  });

  it('when overlijden is asked for a deceased person, then dates come as typed Datum objects, with the suspension unasked', async () => {
    const person = await registerPerson({ deceasedOn: new Date('2025-03-01'), suspensionReason: 'O' });

    const res = await postPersonen({
      type: 'RaadpleegMetBurgerservicenummer',
      burgerservicenummer: [person.bsn],
      fields: ['overlijden'],
    });

    const datum = { type: 'Datum', datum: '2025-03-01', langFormaat: '1 maart 2025' };
    expect((await readJson<PersonenBody>(res)).personen).toEqual([
      { overlijden: { datum }, opschortingBijhouding: { reden: { code: 'O', omschrijving: 'overlijden' }, datum } },
    ]);
  });

  it('when an emigrant or a person without known residence is asked, then verblijfplaats has the matching type', async () => {
    const emigrant = await registerPerson({ street: null, houseNumber: null, foreignCountry: 'Spanje', suspensionReason: 'E' });
    const unknown = await registerPerson({ street: null, houseNumber: null, postalCode: null, city: null });

    const res = await postPersonen({
      type: 'RaadpleegMetBurgerservicenummer',
      burgerservicenummer: [emigrant.bsn, unknown.bsn],
      fields: ['verblijfplaats'],
    });

    expect((await readJson<PersonenBody>(res)).personen).toEqual([
      {
        verblijfplaats: { type: 'VerblijfplaatsBuitenland', verblijfadres: { land: { omschrijving: 'Spanje' } } },
        opschortingBijhouding: { reden: { code: 'E', omschrijving: 'emigratie' } },
      },
      { verblijfplaats: { type: 'VerblijfplaatsOnbekend' } },
    ]);
  });

  it('when gemeenteVanInschrijving is given, then persons registered elsewhere are left out', async () => {
    const here = await registerPerson();
    const elsewhere = await registerPerson({ municipalityCode: '0363', municipalityName: 'Amsterdam' });

    const res = await postPersonen({
      type: 'RaadpleegMetBurgerservicenummer',
      burgerservicenummer: [here.bsn, elsewhere.bsn],
      fields: ['burgerservicenummer'],
      gemeenteVanInschrijving: '0999',
    });

    expect((await readJson<PersonenBody>(res)).personen).toEqual([{ burgerservicenummer: here.bsn }]);
  });
});

describe('BRP client against a misbehaving BRP', () => {
  it('when the client asks, then the BSN travels only in the body with the API key, and no name or BSN is asked back', async () => {
    const fake = await startFakeBrp((_req, _body, res) =>
      answerJson(res, 200, { type: 'RaadpleegMetBurgerservicenummer', personen: [] }),
    );
    const bsn = nextBsn();
    try {
      await createBrpClient({ baseUrl: fake.url, apiKey: API_KEY }).getResidence(bsn);
    } finally {
      await fake.close();
    }

    const [request] = fake.requests;
    expect(request?.url).toBe('/haalcentraal/api/brp/personen');
    expect(request?.headers['x-api-key']).toBe(API_KEY);
    const body = JSON.parse(request?.body ?? '{}');
    expect(body.burgerservicenummer).toEqual([bsn]);
    expect(body.fields).toEqual([...RESIDENCE_FIELDS]);
    expect(body.fields).toEqual(expect.arrayContaining(['gemeenteVanInschrijving', 'overlijden.datum']));
    // Fields the BRP delivers by itself may not be asked: it refuses the whole request.
    expect(body.fields.some((f: string) => /opschortingBijhouding|inOnderzoek|indicatieVastgesteld/.test(f))).toBe(false);
    expect(body.fields.some((f: string) => f.startsWith('naam') || f === 'burgerservicenummer')).toBe(false);
  });

  it.each([
    [
      'a house number that is not a number',
      {
        type: 'RaadpleegMetBurgerservicenummer',
        personen: [
          {
            verblijfplaats: {
              type: 'Adres',
              verblijfadres: {
                officieleStraatnaam: 'Dorpsstraat',
                huisnummer: 'twaalf',
                postcode: '1234AB',
                woonplaats: 'Voorbeeldstad',
              },
            },
          },
        ],
      },
      /personen\.0\.verblijfplaats\.verblijfadres\.huisnummer/,
    ],
    [
      'an unknown verblijfplaats type',
      { type: 'RaadpleegMetBurgerservicenummer', personen: [{ verblijfplaats: { type: 'Woonwagen' } }] },
      /personen\.0\.verblijfplaats\.type/,
    ],
    ['a personen that is not a list', { type: 'RaadpleegMetBurgerservicenummer', personen: {} }, /personen: Expected array/],
    [
      'a month of death that does not exist',
      {
        type: 'RaadpleegMetBurgerservicenummer',
        personen: [{ overlijden: { datum: { type: 'JaarMaandDatum', jaar: 2020, maand: 13 } } }],
      },
      /personen\.0\.overlijden\.datum\.maand/,
    ],
    [
      'a suspension reason Tijdig does not handle',
      { type: 'RaadpleegMetBurgerservicenummer', personen: [{ opschortingBijhouding: { reden: { code: 'M' } } }] },
      /reden "M"/,
    ],
  ])(
    'when the BRP answers with %s, then the client fails with invalid data saying what is wrong',
    async (_case, answer, message) => {
      const fake = await startFakeBrp((_req, _body, res) => answerJson(res, 200, answer));
      const bsn = nextBsn();
      try {
        const failure = createBrpClient({ baseUrl: fake.url, apiKey: API_KEY }).getResidence(bsn);
        await expect(failure).rejects.toBeInstanceOf(InvalidDataError);
        await expect(failure).rejects.toThrow(message);
        await expect(failure).rejects.not.toThrow(bsn);
      } finally {
        await fake.close();
      }
    },
  );

  it('when the BRP answers with something that is not JSON, then the client fails with invalid data', async () => {
    const fake = await startFakeBrp((_req, _body, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>gateway</html>'),
    );
    try {
      const failure = createBrpClient({ baseUrl: fake.url, apiKey: API_KEY }).getResidence(nextBsn());
      await expect(failure).rejects.toBeInstanceOf(InvalidDataError);
      await expect(failure).rejects.toThrow(/not JSON/);
    } finally {
      await fake.close();
    }
  });

  it('when the BRP is down, then the client fails with a transient error', async () => {
    const fake = await startFakeBrp(() => undefined);
    await fake.close();

    const failure = createBrpClient({ baseUrl: fake.url, apiKey: API_KEY }).getResidence(nextBsn());

    await expect(failure).rejects.toBeInstanceOf(TransientError);
    await expect(failure).rejects.toThrow(/unreachable/);
  });

  it.each([503, 429])('when the BRP answers HTTP %i, then the client fails with a transient error', async (status) => {
    const fake = await startFakeBrp((_req, _body, res) => answerJson(res, status, { title: 'busy' }));
    try {
      await expect(createBrpClient({ baseUrl: fake.url, apiKey: API_KEY }).getResidence(nextBsn())).rejects.toBeInstanceOf(
        TransientError,
      );
    } finally {
      await fake.close();
    }
  });

  it('when the BRP does not answer in time, then the client gives up with a transient error', async () => {
    const fake = await startFakeBrp(() => undefined);
    try {
      const failure = createBrpClient({ baseUrl: fake.url, apiKey: API_KEY, timeoutMs: 200 }).getResidence(nextBsn());
      await expect(failure).rejects.toBeInstanceOf(TransientError);
      await expect(failure).rejects.toThrow(/did not answer within 200 ms/);
    } finally {
      await fake.close();
    }
  });
});

describe('BRP stub: the fields rules of the specification', () => {
  const ask = (fields: unknown, bsn = nextBsn()) =>
    postPersonen({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [bsn], fields });

  it.each(AUTO_DELIVERED_FIELDS)(
    "when fields names $fields, which the API delivers by itself, then it refuses with the API's problem details",
    async ({ fields, invalidParams }) => {
      const res = await ask(fields);

      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toEqual({
        type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1',
        title: 'Een of meerdere parameters zijn niet correct.',
        status: 400,
        detail: 'De foutieve parameter(s) zijn: fields[0].',
        code: 'paramsValidation',
        instance: '/haalcentraal/api/brp/personen',
        invalidParams,
      });
    },
  );

  it.each(OTHER_REFUSALS)('when fields holds $title, then it refuses naming each fault', async ({ fields, invalidParams }) => {
    const res = await ask(fields);

    expect(res.status).toBe(400);
    const problem = await readJson<ProblemBody>(res);
    expect(problem).toMatchObject({ status: 400, code: 'paramsValidation' });
    expect(problem.invalidParams).toEqual(invalidParams);
  });

  it.each(ACCEPTED_FIELDS)('when fields is %j, which the specification allows, then it answers', async (...fields) => {
    const res = await ask(fields);

    expect(res.status).toBe(200);
  });

  it("when the client's own fields are sent, then it answers", async () => {
    const person = await registerPerson();

    const res = await ask([...RESIDENCE_FIELDS], person.bsn);

    expect(res.status).toBe(200);
    expect((await readJson<PersonenBody>(res)).personen).toHaveLength(1);
  });

  it('when a part of a date or of a table value is asked, then all of it is delivered', async () => {
    const person = await registerPerson({ deceasedOn: new Date('2025-03-01'), suspensionReason: 'O' });

    const res = await ask(['overlijden.datum.jaar', 'gemeenteVanInschrijving.code'], person.bsn);

    const datum = { type: 'Datum', datum: '2025-03-01', langFormaat: '1 maart 2025' };
    expect((await readJson<PersonenBody>(res)).personen).toEqual([
      {
        overlijden: { datum },
        gemeenteVanInschrijving: { code: '0999', omschrijving: 'Voorbeeldstad' },
        opschortingBijhouding: { reden: { code: 'O', omschrijving: 'overlijden' }, datum },
      },
    ]);
  });

  it('when only the BSN is asked of an emigrant, then opschortingBijhouding comes unasked', async () => {
    const person = await registerPerson({ street: null, houseNumber: null, foreignCountry: 'Spanje', suspensionReason: 'E' });

    const res = await ask(['burgerservicenummer'], person.bsn);

    expect((await readJson<PersonenBody>(res)).personen).toEqual([
      { burgerservicenummer: person.bsn, opschortingBijhouding: { reden: { code: 'E', omschrijving: 'emigratie' } } },
    ]);
  });

  it('when the domestic aliases are asked, then the groups they stand for are delivered, with the letter as huisletter', async () => {
    const person = await registerPerson();

    const res = await ask(['verblijfplaatsBinnenland.verblijfadres.huisletter', 'adresseringBinnenland.adresregel1'], person.bsn);

    expect((await readJson<PersonenBody>(res)).personen).toEqual([
      { verblijfplaats: { type: 'Adres', verblijfadres: { huisletter: 'A' } }, adressering: { adresregel1: 'Dorpsstraat 12 A' } },
    ]);
  });
});

describe("BRP answers shaped like the specification's examples, through the client and the residence rules", () => {
  const READ_ON = '2026-11-25';
  const HERE = '0518';

  async function residenceFrom(answer: unknown) {
    const fake = await startFakeBrp((_req, _body, res) => answerJson(res, 200, answer));
    try {
      return await createBrpClient({ baseUrl: fake.url, apiKey: API_KEY }).getResidence(nextBsn());
    } finally {
      await fake.close();
    }
  }

  it.each([
    ['Datum', '2020-03-08'],
    ['JaarMaandDatum', '2020-03 (maart 2020)'],
    ['JaarDatum', '2020'],
    ['DatumOnbekend', 'onbekend'],
  ] as const)('when the date of death is a %s, then the holder is deceased, with the date shown as "%s"', async (type, shown) => {
    const residence = await residenceFrom(deceased(DEATH_DATES[type]));

    expect(assessResidence(residence, HERE, READ_ON)).toEqual({
      ok: false,
      reason: 'DECEASED',
      facts: { source: 'BRP', readOn: READ_ON, deceasedOn: shown },
    });
  });

  it('when the BRP reports the death only by the suspension, then the holder is deceased without a date', async () => {
    const residence = await residenceFrom(DECEASED_WITHOUT_DATE);

    expect(assessResidence(residence, HERE, READ_ON)).toMatchObject({ reason: 'DECEASED', facts: { deceasedOn: null } });
  });

  it('when the holder lives at a full address, then the renewal may go ahead at that address', async () => {
    const residence = await residenceFrom(LIVING_AT_ADDRESS);

    expect(residence?.address).toEqual({
      street: 'Spui',
      houseNumber: 123,
      houseNumberAddition: 'a',
      postalCode: '1234AA',
      city: "'s-Gravenhage",
    });
    expect(assessResidence(residence, HERE, READ_ON)).toEqual({
      ok: true,
      facts: {
        source: 'BRP',
        readOn: READ_ON,
        municipality: "'s-Gravenhage",
        addressLines: ['Spui 123 a', "1234 AA  'S-GRAVENHAGE"],
      },
    });
  });

  it.each([
    ['address', NOT_LIVING_AT_ADDRESS, ['Jonkheer van Riemsdijkln 88', '2583 XL  SCHEVENINGEN']],
    ['location', NOT_LIVING_AT_LOCATION, ['Woonboot tegenover de Grote Sloot', "'S-GRAVENHAGE"]],
  ])(
    'when the municipality established that the holder does not live at the registered %s, then a person must look, not a letter go there',
    async (_kind, answer, addressLines) => {
      const residence = await residenceFrom(answer);

      expect(residence?.notLivingAtAddress).toBe(true);
      expect(assessResidence(residence, HERE, READ_ON)).toEqual({
        ok: false,
        reason: 'NOT_LIVING_AT_ADDRESS',
        facts: {
          source: 'BRP',
          readOn: READ_ON,
          address: 'the municipality established that the holder does not live here',
          addressLines,
        },
      });
    },
  );

  const outcomeWithoutOptionalParts: Record<keyof typeof OPTIONAL_PARTS_ABSENT, string> = {
    'a person without any asked field': 'MOVED_AWAY',
    'an address without verblijfadres': 'ADDRESS_UNKNOWN',
    'an address without postcode and city': 'ADDRESS_UNKNOWN',
    'a foreign residence without country': 'EMIGRATED',
    'no personen list': 'NOT_IN_REGISTER',
  };

  it.each(Object.entries(OPTIONAL_PARTS_ABSENT))(
    'when the BRP answers with %s, then that is a business outcome for a person, not an incident',
    async (name, answer) => {
      const residence = await residenceFrom(answer);

      const finding = assessResidence(residence, HERE, READ_ON);
      expect(finding).toMatchObject({
        ok: false,
        reason: outcomeWithoutOptionalParts[name as keyof typeof OPTIONAL_PARTS_ABSENT],
      });
    },
  );
});
