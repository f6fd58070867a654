import express, { type Express } from 'express';
import type { Db, StubBrpPerson } from '../../db/client';
import type { Logger } from '../../logger';
import { type InvalidParam, paramsProblem, problemErrorHandler, rejectedApiKey, sendProblem } from '../problem';

/**
 * A local stand-in for the Haal Centraal BRP Personen API v2 (`POST /personen`, operation
 * RaadpleegMetBurgerservicenummer), answering from the stub_brp_person table. It follows the
 * real API where Tijdig can notice: X-API-Key; the `fields` rules of the specification (required,
 * 1 to 130 paths, each an existing field and none the API delivers by itself), refused with the
 * same problem+json and `invalidParams`; polymorphic `verblijfplaats`; typed dates; fields
 * delivered unasked; and unknown BSNs simply missing from `personen`. Mount it under the base
 * path of BRP_API_URL.
 *
 * What the stub_brp_person table cannot hold, the stub cannot answer: partial dates, the
 * indication that a person does not live at the address, foreign address lines. Tests of those
 * answers use the specification's examples in tests/fixtures/brp/ against a stand-in server.
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
/** Written as the specification writes it (field-v1.yaml), because the refusal quotes it. */
const FIELD_PATTERN = new RegExp('^[a-zA-Z0-9\\._]{1,200}$');
const MUNICIPALITY_PATTERN = /^[0-9]{4}$/;

/**
 * A value the API delivers whole: asking for one of its parts (a date's `jaar`, a table
 * value's `code`) is allowed and delivers all of it (features/bevragen/fields-datum.feature,
 * fields-tabelwaarde.feature).
 */
class Whole {
  constructor(readonly parts: readonly string[]) {}
}
type FieldTree = { [name: string]: FieldTree | Whole };

const VALUE = new Whole([]);
const DATUM = new Whole(['type', 'datum', 'langFormaat', 'jaar', 'maand', 'onbekend']);
const WAARDETABEL = new Whole(['code', 'omschrijving']);
const ADELLIJKE_TITEL = new Whole(['code', 'omschrijving', 'soort']);

const GEBOORTE: FieldTree = { datum: DATUM, land: WAARDETABEL, plaats: WAARDETABEL };
const NAAM_GERELATEERDE: FieldTree = {
  adellijkeTitelPredicaat: ADELLIJKE_TITEL,
  geslachtsnaam: VALUE,
  voorletters: VALUE,
  voornamen: VALUE,
  voorvoegsel: VALUE,
};
const VERBLIJFADRES_BINNENLAND: FieldTree = {
  aanduidingBijHuisnummer: WAARDETABEL,
  huisletter: VALUE,
  huisnummer: VALUE,
  huisnummertoevoeging: VALUE,
  korteStraatnaam: VALUE,
  officieleStraatnaam: VALUE,
  postcode: VALUE,
  woonplaats: VALUE,
  locatiebeschrijving: VALUE,
};
const verblijfplaatsTree = (verblijfadres: FieldTree): FieldTree => ({
  type: VALUE,
  datumIngangGeldigheid: DATUM,
  datumVan: DATUM,
  verblijfadres,
  adresseerbaarObjectIdentificatie: VALUE,
  functieAdres: WAARDETABEL,
  nummeraanduidingIdentificatie: VALUE,
});
const ADRESSERING_BINNENLAND: FieldTree = {
  adresregel1: VALUE,
  adresregel2: VALUE,
  aanhef: VALUE,
  aanschrijfwijze: { aanspreekvorm: VALUE, naam: VALUE },
  gebruikInLopendeTekst: VALUE,
};
const GEZAG_PERSOON: FieldTree = { burgerservicenummer: VALUE };

/**
 * Every field path of a Persoon that `fields` may name (features/fields-Persoon.csv of the
 * specification), whether or not this stub holds data for it: the real API accepts them all,
 * and so must the stub, or a test could pass here and fail there, or the other way round.
 */
const FIELD_TREE: FieldTree = {
  aNummer: VALUE,
  adressering: { ...ADRESSERING_BINNENLAND, adresregel3: VALUE, land: WAARDETABEL },
  adresseringBinnenland: ADRESSERING_BINNENLAND,
  burgerservicenummer: VALUE,
  datumEersteInschrijvingGBA: DATUM,
  datumInschrijvingInGemeente: DATUM,
  europeesKiesrecht: { aanduiding: WAARDETABEL, einddatumUitsluiting: DATUM },
  geboorte: GEBOORTE,
  gemeenteVanInschrijving: WAARDETABEL,
  geslacht: WAARDETABEL,
  gezag: {
    type: VALUE,
    minderjarige: GEZAG_PERSOON,
    ouders: GEZAG_PERSOON,
    ouder: GEZAG_PERSOON,
    derde: GEZAG_PERSOON,
    derden: GEZAG_PERSOON,
  },
  immigratie: {
    datumVestigingInNederland: DATUM,
    indicatieVestigingVanuitBuitenland: VALUE,
    landVanwaarIngeschreven: WAARDETABEL,
    vanuitVerblijfplaatsOnbekend: VALUE,
  },
  indicatieCurateleRegister: VALUE,
  indicatieGezagMinderjarige: WAARDETABEL,
  kinderen: { burgerservicenummer: VALUE, geboorte: GEBOORTE, naam: NAAM_GERELATEERDE },
  leeftijd: VALUE,
  naam: { ...NAAM_GERELATEERDE, volledigeNaam: VALUE, aanduidingNaamgebruik: WAARDETABEL },
  nationaliteiten: {
    type: VALUE,
    datumIngangGeldigheid: DATUM,
    nationaliteit: WAARDETABEL,
    redenOpname: WAARDETABEL,
  },
  ouders: {
    burgerservicenummer: VALUE,
    datumIngangFamilierechtelijkeBetrekking: DATUM,
    geboorte: GEBOORTE,
    geslacht: WAARDETABEL,
    naam: NAAM_GERELATEERDE,
    ouderAanduiding: VALUE,
  },
  overlijden: { datum: DATUM, land: WAARDETABEL, plaats: WAARDETABEL },
  partners: {
    aangaanHuwelijkPartnerschap: { datum: DATUM, land: WAARDETABEL, plaats: WAARDETABEL },
    burgerservicenummer: VALUE,
    geboorte: GEBOORTE,
    geslacht: WAARDETABEL,
    naam: NAAM_GERELATEERDE,
    ontbindingHuwelijkPartnerschap: { datum: DATUM },
    soortVerbintenis: WAARDETABEL,
  },
  uitsluitingKiesrecht: { einddatum: DATUM, uitgeslotenVanKiesrecht: VALUE },
  verblijfplaats: verblijfplaatsTree({
    ...VERBLIJFADRES_BINNENLAND,
    land: WAARDETABEL,
    regel1: VALUE,
    regel2: VALUE,
    regel3: VALUE,
  }),
  verblijfplaatsBinnenland: verblijfplaatsTree(VERBLIJFADRES_BINNENLAND),
  verblijfstitel: { aanduiding: WAARDETABEL, datumEinde: DATUM, datumIngang: DATUM },
};

/**
 * Fields the API always delivers when they apply; naming them (or a part of them, at any
 * depth) is refused as "niet toegestaan" (features/bevragen/fields-fout-cases.feature).
 */
const AUTO_DELIVERED = new Set([
  'inOnderzoek',
  'geheimhoudingPersoonsgegevens',
  'opschortingBijhouding',
  'rni',
  'verificatie',
  'indicatieVastgesteldVerblijftNietOpAdres',
]);

/** Aliases a consumer without rights to foreign addresses uses; they select the real group. */
const ALIASES: Record<string, string> = { verblijfplaatsBinnenland: 'verblijfplaats', adresseringBinnenland: 'adressering' };

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
    if (rejectedApiKey(req, res, apiKey)) return;
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
      .map((row) => answer(toPersoon(row), query.selection));
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
  const selected: string[] = [];
  fields?.forEach((field, i) => {
    const resolved = resolveField(field);
    if ('path' in resolved) {
      selected.push(resolved.path);
    } else {
      const reason = resolved.refused === 'auto-delivered' ? 'niet toegestane' : 'niet bestaande';
      invalid.push({ code: 'fields', name: `fields[${i}]`, reason: `Parameter bevat een ${reason} veldnaam.` });
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
    selection: toSelection(selected),
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

/**
 * The path to select for a requested field: the field itself, cut off at a value delivered
 * whole, with an alias replaced by the group it stands for. Or why the API refuses it.
 */
function resolveField(field: string): { path: string } | { refused: 'auto-delivered' | 'unknown' } {
  const segments = field.split('.');
  let node: FieldTree | Whole = FIELD_TREE;
  let depth = 0;
  for (const segment of segments) {
    if (node instanceof Whole) {
      if (depth === segments.length - 1 && node.parts.includes(segment)) break;
      return refusal(segments);
    }
    if (!Object.hasOwn(node, segment)) return refusal(segments);
    node = node[segment] as FieldTree | Whole;
    depth += 1;
  }
  const [root = '', ...rest] = segments.slice(0, depth);
  return { path: [ALIASES[root] ?? root, ...rest].join('.') };
}

function refusal(segments: string[]): { refused: 'auto-delivered' | 'unknown' } {
  return { refused: segments.some((segment) => AUTO_DELIVERED.has(segment)) ? 'auto-delivered' : 'unknown' };
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

/**
 * The selected part of a person, plus what the API delivers unasked: opschortingBijhouding
 * whenever the person list is suspended (features/bevragen/persoon/opschorting-bijhouding/fields.feature),
 * so a client learns of a death or emigration even though it may not ask for it.
 */
function answer(persoon: JsonObject, selection: Selection): JsonObject {
  const selected = select(persoon, selection);
  const out: JsonObject = typeof selected === 'object' && selected !== null && !Array.isArray(selected) ? selected : {};
  if (persoon.opschortingBijhouding !== undefined) out.opschortingBijhouding = persoon.opschortingBijhouding;
  return out;
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
        ...houseNumberParts(row.houseNumberAddition),
        postcode: row.postalCode ? compactPostcode(row.postalCode) : null,
        woonplaats: row.city,
      }),
    };
  }
  return { type: 'VerblijfplaatsOnbekend' };
}

/**
 * Tijdig keeps one addition ("A", "A-2", "bis"); the BRP splits off a single letter as
 * huisletter and keeps the rest as huisnummertoevoeging, so the stub splits it the same way.
 */
function houseNumberParts(addition: string | null): JsonObject {
  const match = addition ? /^([a-zA-Z])(?:-(.+))?$/.exec(addition) : null;
  if (match) return compact({ huisletter: match[1], huisnummertoevoeging: match[2] });
  return compact({ huisnummertoevoeging: addition });
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
