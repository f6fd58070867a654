import { z } from 'zod';
import { InvalidDataError } from '../../errors';
import { isValidBsn, normaliseBsn } from '../../residents/bsn';
import { describeIssues, type Fetch, requestJson, trimBaseUrl } from '../http-client';

/** A BRP date as precisely as the BRP knows it. */
export interface BrpDate {
  /** "2024-03-15", or for a partial date "2024-03", "2024" or "onbekend" (a date the BRP does not know). */
  value: string;
  /** The BRP's own wording ("15 maart 2024", "maart 2024"), when it gave one. */
  longFormat: string | null;
  /** True for a full calendar date. */
  complete: boolean;
}

/** Where a GPK holder lives according to the BRP, reduced to what a renewal decides on. */
export interface BrpResidence {
  /** When the person died; null when the BRP registers no date of death. */
  death: BrpDate | null;
  /** Why the BRP stopped keeping the person list up to date (opschortingBijhouding O / E). */
  suspension: 'DECEASED' | 'EMIGRATED' | null;
  /** The municipality of registration; the BRP may leave out either part. */
  municipality: { code: string | null; name: string | null } | null;
  /**
   * The Dutch address, or null when the BRP has none complete enough to send a card to
   * (street, house number, postcode and city; each of them is optional in the BRP answer).
   */
  address: {
    street: string;
    houseNumber: number;
    houseNumberAddition: string | null;
    /** As the BRP writes it: four digits and two letters, no space ("1234AB"). */
    postalCode: string;
    city: string;
  } | null;
  /**
   * The municipality established that the person does not live at the registered address or
   * location (indicatieVastgesteldVerblijftNietOpAdres), so post sent there does not reach them.
   */
  notLivingAtAddress: boolean;
  /** Set when the BRP has the person living abroad; the country may be unknown to it. */
  abroad: { country: string | null } | null;
  /** The BRP's envelope lines (adressering), ready for a window envelope. */
  addressLines: string[];
}

export interface BrpClient {
  /** The person's residence, or null when the BRP does not know the BSN. */
  getResidence(bsn: string): Promise<BrpResidence | null>;
}

export interface BrpClientOptions {
  /** BRP_API_URL, e.g. https://.../haalcentraal/api/brp */
  baseUrl: string;
  apiKey: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

/**
 * Data minimisation: only the fields a renewal decision needs. Never the name or the BSN
 * itself; the caller already knows whom it asked about. opschortingBijhouding and
 * indicatieVastgesteldVerblijftNietOpAdres are not here on purpose: the BRP delivers them by
 * itself and refuses a request that names them (HTTP 400, "niet toegestane veldnaam").
 */
export const RESIDENCE_FIELDS = [
  'verblijfplaats.verblijfadres',
  'gemeenteVanInschrijving',
  'overlijden.datum',
  'adressering.adresregel1',
  'adressering.adresregel2',
  'adressering.adresregel3',
  'adressering.land',
] as const;

const SERVICE = 'BRP';

/*
 * The schemas follow the BRP Personen v2 specification: what it marks optional (almost
 * everything in a Persoon, and both parts of a table value) is optional here too, because the
 * BRP leaves out what it does not know. Only what it marks required is required.
 */
const waardetabel = z.object({ code: z.string().optional(), omschrijving: z.string().optional() });

/**
 * The specification requires langFormaat, but Tijdig only shows it to a person; a missing
 * wording is no reason to stop a renewal.
 */
const langFormaat = z.string().optional();
const datum = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Datum'), datum: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not an ISO date'), langFormaat }),
  z.object({ type: z.literal('DatumOnbekend'), langFormaat }),
  z.object({ type: z.literal('JaarDatum'), jaar: z.number().int().min(1).max(9999), langFormaat }),
  z.object({
    type: z.literal('JaarMaandDatum'),
    jaar: z.number().int().min(1).max(9999),
    maand: z.number().int().min(1).max(12),
    langFormaat,
  }),
]);

const indicatieVastgesteldVerblijftNietOpAdres = z.boolean().optional();

const verblijfplaats = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('Adres'),
    verblijfadres: z
      .object({
        officieleStraatnaam: z.string().min(1).optional(),
        huisnummer: z.number().int().min(1).max(99999).optional(),
        huisletter: z.string().optional(),
        huisnummertoevoeging: z.string().optional(),
        postcode: z
          .string()
          .regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, 'not a Dutch postcode')
          .optional(),
        woonplaats: z.string().min(1).optional(),
      })
      .optional(),
    indicatieVastgesteldVerblijftNietOpAdres,
  }),
  z.object({
    type: z.literal('VerblijfplaatsBuitenland'),
    verblijfadres: z.object({ land: waardetabel.optional() }).optional(),
  }),
  z.object({ type: z.literal('VerblijfplaatsOnbekend') }),
  z.object({ type: z.literal('Locatie'), indicatieVastgesteldVerblijftNietOpAdres }),
]);

const persoon = z.object({
  verblijfplaats: verblijfplaats.optional(),
  gemeenteVanInschrijving: waardetabel
    .extend({
      code: z
        .string()
        .regex(/^\d{4}$/, 'not a 4-digit municipality code')
        .optional(),
    })
    .optional(),
  overlijden: z.object({ datum: datum.optional() }).optional(),
  opschortingBijhouding: z.object({ reden: waardetabel.optional() }).optional(),
  adressering: z
    .object({
      adresregel1: z.string().optional(),
      adresregel2: z.string().optional(),
      adresregel3: z.string().optional(),
      land: waardetabel.optional(),
      indicatieVastgesteldVerblijftNietOpAdres,
    })
    .optional(),
});

/** `personen` is optional in the specification; an answer without it found nobody. */
const response = z.object({
  type: z.literal('RaadpleegMetBurgerservicenummer'),
  personen: z.array(persoon).max(1, 'more than one person for one BSN').optional(),
});

type Persoon = z.infer<typeof persoon>;
type Datum = z.infer<typeof datum>;

export function createBrpClient({ baseUrl, apiKey, fetch = globalThis.fetch, timeoutMs = 10_000 }: BrpClientOptions): BrpClient {
  const url = `${trimBaseUrl(baseUrl)}/personen`;

  return {
    async getResidence(input) {
      const bsn = normaliseBsn(input);
      if (!isValidBsn(bsn)) throw new InvalidDataError('The BSN fails the 11-proof; it was not sent to the BRP');

      const { body } = await requestJson({
        service: SERVICE,
        url,
        fetch,
        timeoutMs,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': apiKey },
          body: JSON.stringify({ type: 'RaadpleegMetBurgerservicenummer', burgerservicenummer: [bsn], fields: RESIDENCE_FIELDS }),
        },
      });
      const parsed = response.safeParse(body);
      if (!parsed.success) {
        throw new InvalidDataError(`BRP answer does not match the BRP Personen v2 shape: ${describeIssues(parsed.error)}`);
      }
      const [found] = parsed.data.personen ?? [];
      return found ? toResidence(found) : null;
    },
  };
}

function toResidence(p: Persoon): BrpResidence {
  const place = p.verblijfplaats;
  const envelope = p.adressering;
  const registration = p.gemeenteVanInschrijving;
  const notLivingAtAddress =
    envelope?.indicatieVastgesteldVerblijftNietOpAdres === true ||
    ((place?.type === 'Adres' || place?.type === 'Locatie') && place.indicatieVastgesteldVerblijftNietOpAdres === true);
  return {
    death: p.overlijden?.datum ? brpDate(p.overlijden.datum) : null,
    suspension: suspension(p),
    municipality:
      registration && (registration.code !== undefined || registration.omschrijving !== undefined)
        ? { code: registration.code ?? null, name: registration.omschrijving ?? null }
        : null,
    address: place?.type === 'Adres' ? dutchAddress(place.verblijfadres) : null,
    notLivingAtAddress,
    abroad:
      place?.type === 'VerblijfplaatsBuitenland'
        ? { country: place.verblijfadres?.land?.omschrijving ?? place.verblijfadres?.land?.code ?? null }
        : null,
    addressLines: [envelope?.adresregel1, envelope?.adresregel2, envelope?.adresregel3, envelope?.land?.omschrijving].filter(
      (line): line is string => typeof line === 'string' && line.trim() !== '',
    ),
  };
}

type Verblijfadres = Extract<NonNullable<Persoon['verblijfplaats']>, { type: 'Adres' }>['verblijfadres'];

function dutchAddress(adres: Verblijfadres): BrpResidence['address'] {
  if (!adres?.officieleStraatnaam || adres.huisnummer === undefined || !adres.postcode || !adres.woonplaats) return null;
  return {
    street: adres.officieleStraatnaam,
    houseNumber: adres.huisnummer,
    houseNumberAddition: houseNumberAddition(adres.huisletter, adres.huisnummertoevoeging),
    postalCode: adres.postcode.replace(' ', '').toUpperCase(),
    city: adres.woonplaats,
  };
}

/** A partial date of death is still a death: it is kept as far as it goes, for a person to see. */
function brpDate(date: Datum): BrpDate {
  const longFormat = date.langFormaat ?? null;
  switch (date.type) {
    case 'Datum':
      return { value: date.datum, longFormat, complete: true };
    case 'JaarMaandDatum':
      return { value: `${date.jaar}-${String(date.maand).padStart(2, '0')}`, longFormat, complete: false };
    case 'JaarDatum':
      return { value: String(date.jaar), longFormat, complete: false };
    case 'DatumOnbekend':
      return { value: 'onbekend', longFormat, complete: false };
  }
}

/**
 * Other reasons (M ministerial decision, R registered in the RNI, "." unknown, or none given)
 * are rare and Tijdig has no rule for them: the job stops as an incident so someone reads the
 * person list, instead of Tijdig guessing.
 */
function suspension(p: Persoon): BrpResidence['suspension'] {
  const opschorting = p.opschortingBijhouding;
  if (opschorting === undefined) return null;
  const code = opschorting.reden?.code;
  if (code === 'O') return 'DECEASED';
  if (code === 'E') return 'EMIGRATED';
  throw new InvalidDataError(`BRP opschortingBijhouding reden "${code ?? '(none)'}" is not one Tijdig handles (O, E)`);
}

/** BRP keeps the letter (12A) and the addition (12-2) apart; Tijdig keeps one addition ("A-2"). */
function houseNumberAddition(letter: string | undefined, addition: string | undefined): string | null {
  const parts = [letter, addition].filter((part): part is string => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join('-') : null;
}
