import express, { type Express } from 'express';
import type { Db, StubBrpPerson } from '../../db/client';
import type { Logger } from '../../logger';
import { type InvalidParam, paramsProblem, problemErrorHandler, sendProblem } from '../problem';

/**
 * A local stand-in for the Haal Centraal BRP Personen API v2 (`POST /personen`, operation
 * RaadpleegMetBurgerservicenummer), answering from the stub_brp_person table. It follows the
 * real API where Tijdig can notice: X-API-Key, the required `fields` list, problem+json with
 * `invalidParams`, polymorphic `verblijfplaats`, typed dates, and unknown BSNs simply missing
 * from `personen`. Mount it under the base path of BRP_API_URL.
 */
export interface BrpStubDeps {
  db: Db;
  apiKey: string;
  logger: Logger;
}

const SEARCH_TYPE = 'RaadpleegMetBurgerservicenummer';
const KNOWN_PARAMS = new Set(['type', 'burgerservicenummer', 'fields', 'gemeenteVanInschrijving']);
const MAX_BSNS = 20;
const MAX_FIELDS = 130;
const BSN_PATTERN = /^[0-9]{9}$/;
const FIELD_PATTERN = /^[a-zA-Z0-9._]{1,200}$/;
const MUNICIPALITY_PATTERN = /^[0-9]{4}$/;

/** The field paths this stub can deliver; `true` marks a leaf (a value or a typed object). */
type FieldTree = { [name: string]: FieldTree | true };
const WAARDETABEL: FieldTree = { code: true, omschrijving: true };
const FIELD_TREE: FieldTree = {
  burgerservicenummer: true,
  naam: { voornamen: true, voorvoegsel: true, geslachtsnaam: true, voorletters: true, volledigeNaam: true },
  verblijfplaats: {
    verblijfadres: {
      officieleStraatnaam: true,
      huisnummer: true,
      huisnummertoevoeging: true,
      postcode: true,
      woonplaats: true,
      land: WAARDETABEL,
    },
  },
  gemeenteVanInschrijving: WAARDETABEL,
  overlijden: { datum: true },
  opschortingBijhouding: { reden: WAARDETABEL, datum: true },
  adressering: { adresregel1: true, adresregel2: true, adresregel3: true, land: WAARDETABEL },
};

/** Reasons for suspending a person list (BRP table "reden opschorting bijhouding"). */
const SUSPENSION_REASONS: Record<string, string> = {
  O: 'overlijden',
  E: 'emigratie',
  M: 'ministerieel besluit',
  R: 'pl is aangelegd in de rni',
};

const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Selection = { [name: string]: Selection | true };

interface PersonenQuery {
  bsns: string[];
  municipalityCode?: string;
  selection: Selection;
}

export function createBrpStub({ db, apiKey, logger }: BrpStubDeps): Express {
  const app = express();
  app.use(express.json({ limit: '100kb' }));

  app.post('/personen', async (req, res) => {
    if (req.get('X-API-Key') !== apiKey) {
      sendProblem(res, {
        type: 'https://datatracker.ietf.org/doc/html/rfc7235#section-3.1',
        title: 'Niet correct geauthenticeerd.',
        status: 401,
        code: 'authentication',
        instance: req.originalUrl,
      });
      return;
    }
    const query = parseQuery(req.body);
    if (Array.isArray(query)) {
      sendProblem(res, paramsProblem(req, query));
      return;
    }
    const rows = await db.stubBrpPerson.findMany({
      where: { bsn: { in: query.bsns }, ...(query.municipalityCode ? { municipalityCode: query.municipalityCode } : {}) },
    });
    const byBsn = new Map(rows.map((row) => [row.bsn, row]));
    const personen = query.bsns
      .map((bsn) => byBsn.get(bsn))
      .filter((row): row is StubBrpPerson => row !== undefined)
      .map((row) => select(toPersoon(row), query.selection) ?? {});
    logger.debug({ requested: query.bsns.length, found: personen.length }, 'BRP stub answered personen');
    res.json({ type: SEARCH_TYPE, personen });
  });

  app.use(problemErrorHandler(logger));
  return app;
}

/** The request body as a query, or the invalid parameters in the real API's words. */
function parseQuery(body: unknown): PersonenQuery | InvalidParam[] {
  const params = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const invalid: InvalidParam[] = [];

  for (const name of Object.keys(params)) {
    if (!KNOWN_PARAMS.has(name)) invalid.push({ code: 'unknownParam', name, reason: 'Parameter is niet verwacht.' });
  }
  if (params.type === undefined) {
    invalid.push({ code: 'required', name: 'type', reason: 'Parameter is verplicht.' });
  } else if (params.type !== SEARCH_TYPE) {
    invalid.push({
      code: 'value',
      name: 'type',
      reason: `Waarde is geen ondersteund zoektype; deze stub kent alleen ${SEARCH_TYPE}.`,
    });
  }

  const bsns = stringArray(params, 'burgerservicenummer', MAX_BSNS, BSN_PATTERN, invalid);
  const fields = stringArray(params, 'fields', MAX_FIELDS, FIELD_PATTERN, invalid);
  fields?.forEach((field, i) => {
    if (!isKnownField(field)) {
      invalid.push({ code: 'fields', name: `fields[${i}]`, reason: 'Parameter bevat een niet bestaande veldnaam.' });
    }
  });

  const municipalityCode = params.gemeenteVanInschrijving;
  if (municipalityCode !== undefined && (typeof municipalityCode !== 'string' || !MUNICIPALITY_PATTERN.test(municipalityCode))) {
    invalid.push({
      code: 'pattern',
      name: 'gemeenteVanInschrijving',
      reason: `Waarde voldoet niet aan patroon ${MUNICIPALITY_PATTERN.source}.`,
    });
  }

  if (invalid.length > 0 || !bsns || !fields) return invalid;
  return {
    bsns: [...new Set(bsns)],
    municipalityCode: municipalityCode as string | undefined,
    selection: toSelection(fields),
  };
}

/** A required array of 1..max strings matching pattern; records what is wrong in `invalid`. */
function stringArray(
  params: Record<string, unknown>,
  name: string,
  max: number,
  pattern: RegExp,
  invalid: InvalidParam[],
): string[] | undefined {
  const value = params[name];
  if (value === undefined) {
    invalid.push({ code: 'required', name, reason: 'Parameter is verplicht.' });
    return undefined;
  }
  if (!Array.isArray(value)) {
    invalid.push({ code: 'array', name, reason: 'Parameter is geen array.' });
    return undefined;
  }
  if (value.length < 1) {
    invalid.push({ code: 'minItems', name, reason: 'Array bevat minder dan 1 items.' });
    return undefined;
  }
  if (value.length > max) {
    invalid.push({ code: 'maxItems', name, reason: `Array bevat meer dan ${max} items.` });
    return undefined;
  }
  let valid = true;
  value.forEach((item, i) => {
    if (typeof item !== 'string' || !pattern.test(item)) {
      invalid.push({ code: 'pattern', name: `${name}[${i}]`, reason: `Waarde voldoet niet aan patroon ${pattern.source}.` });
      valid = false;
    }
  });
  return valid ? (value as string[]) : undefined;
}

function isKnownField(path: string): boolean {
  let node: FieldTree | true = FIELD_TREE;
  for (const segment of path.split('.')) {
    if (node === true || !Object.hasOwn(node, segment)) return false;
    node = node[segment] as FieldTree | true;
  }
  return true;
}

/** Merges the requested paths; a path that names an object selects all of it. */
function toSelection(fields: string[]): Selection {
  const root: Selection = {};
  for (const field of fields) {
    const segments = field.split('.');
    let node = root;
    for (const [i, segment] of segments.entries()) {
      const existing = node[segment];
      if (existing === true) break;
      if (i === segments.length - 1) {
        node[segment] = true;
      } else {
        const child: Selection = existing ?? {};
        node[segment] = child;
        node = child;
      }
    }
  }
  return root;
}

/**
 * Keeps only the selected parts. A polymorphic object (one with a `type`) keeps its type
 * whenever any part of it is selected, as the real API does, so the reader knows which
 * shape it got.
 */
function select(value: Json | undefined, selection: Selection | true): Json | undefined {
  if (value === undefined || selection === true) return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: JsonObject = {};
  for (const [name, sub] of Object.entries(selection)) {
    const picked = select(value[name], sub);
    if (picked !== undefined) out[name] = picked;
  }
  if (typeof value.type === 'string' && Object.keys(selection).length > 0) out.type = value.type;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A stub row in the shape of the API's Persoon, with absent values left out as the API does. */
function toPersoon(row: StubBrpPerson): JsonObject {
  const persoon: JsonObject = {
    burgerservicenummer: row.bsn,
    naam: compact({
      voornamen: row.givenNames,
      voorvoegsel: row.surnamePrefix,
      geslachtsnaam: row.surname,
      voorletters: initials(row.givenNames),
      volledigeNaam: [row.givenNames, row.surnamePrefix, row.surname].filter(Boolean).join(' '),
    }),
    verblijfplaats: verblijfplaats(row),
  };
  const envelope = adressering(row);
  if (envelope) persoon.adressering = envelope;
  if (row.municipalityCode) {
    persoon.gemeenteVanInschrijving = compact({ code: row.municipalityCode, omschrijving: row.municipalityName });
  }
  if (row.deceasedOn) persoon.overlijden = { datum: datum(row.deceasedOn) };
  if (row.suspensionReason) {
    persoon.opschortingBijhouding = compact({
      reden: compact({ code: row.suspensionReason, omschrijving: SUSPENSION_REASONS[row.suspensionReason] }),
      datum: row.suspensionReason === 'O' && row.deceasedOn ? datum(row.deceasedOn) : undefined,
    });
  }
  return persoon;
}

/** Abroad wins over a Dutch address: an emigrant's last Dutch address is history, not residence. */
function verblijfplaats(row: StubBrpPerson): JsonObject {
  if (row.foreignCountry) {
    return { type: 'VerblijfplaatsBuitenland', verblijfadres: { land: { omschrijving: row.foreignCountry } } };
  }
  if (row.street || row.houseNumber !== null) {
    return {
      type: 'Adres',
      verblijfadres: compact({
        officieleStraatnaam: row.street,
        huisnummer: row.houseNumber,
        huisnummertoevoeging: row.houseNumberAddition,
        postcode: row.postalCode ? compactPostcode(row.postalCode) : null,
        woonplaats: row.city,
      }),
    };
  }
  return { type: 'VerblijfplaatsOnbekend' };
}

/** Envelope lines in the PostNL layout: "Dorpsstraat 12 A" / "1234 AB  VOORBEELDSTAD". */
function adressering(row: StubBrpPerson): JsonObject | undefined {
  if (row.foreignCountry) return { land: { omschrijving: row.foreignCountry } };
  if (!row.street || row.houseNumber === null || !row.postalCode || !row.city) return undefined;
  const postcode = compactPostcode(row.postalCode);
  return {
    adresregel1: [row.street, row.houseNumber, row.houseNumberAddition].filter((p) => p !== null && p !== '').join(' '),
    adresregel2: `${postcode.slice(0, 4)} ${postcode.slice(4)}  ${row.city.toUpperCase()}`,
  };
}

function datum(date: Date): JsonObject {
  const iso = date.toISOString().slice(0, 10);
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { type: 'Datum', datum: iso, langFormaat: `${day} ${MONTHS[month - 1]} ${year}` };
}

function compactPostcode(postcode: string): string {
  return postcode.replace(/\s+/g, '').toUpperCase();
}

function initials(givenNames: string): string {
  return givenNames
    .split(/\s+/)
    .filter(Boolean)
    .map((name) => `${name.charAt(0).toUpperCase()}.`)
    .join('');
}

function compact(values: Record<string, Json | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return out;
}
