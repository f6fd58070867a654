import { z } from 'zod';
import { InvalidDataError } from '../../errors';
import { isValidBsn, normaliseBsn } from '../../residents/bsn';
import { describeIssues, type Fetch, requestJson, trimBaseUrl } from '../http-client';

/** Where a GPK holder lives according to the BRP, reduced to what a renewal decides on. */
export interface BrpResidence {
  /** ISO date (YYYY-MM-DD). */
  deceasedOn: string | null;
  /** Why the BRP stopped keeping the person list up to date (opschortingBijhouding O / E). */
  suspension: 'DECEASED' | 'EMIGRATED' | null;
  municipality: { code: string; name: string } | null;
  address: {
    street: string;
    houseNumber: number;
    houseNumberAddition: string | null;
    /** As the BRP writes it: four digits and two letters, no space ("1234AB"). */
    postalCode: string;
    city: string;
  } | null;
  foreignCountry: string | null;
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
 * itself; the caller already knows whom it asked about.
 */
export const RESIDENCE_FIELDS = [
  'verblijfplaats.verblijfadres',
  'gemeenteVanInschrijving',
  'overlijden.datum',
  'opschortingBijhouding',
  'adressering.adresregel1',
  'adressering.adresregel2',
  'adressering.adresregel3',
  'adressering.land',
] as const;

const SERVICE = 'BRP';

const waardetabel = z.object({ code: z.string().optional(), omschrijving: z.string().optional() });

const datum = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Datum'), datum: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not an ISO date') }),
  z.object({ type: z.literal('DatumOnbekend') }),
  z.object({ type: z.literal('JaarDatum'), jaar: z.number().int() }),
  z.object({ type: z.literal('JaarMaandDatum'), jaar: z.number().int(), maand: z.number().int() }),
]);

const verblijfplaats = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('Adres'),
    verblijfadres: z.object({
      officieleStraatnaam: z.string().min(1),
      huisnummer: z.number().int().positive(),
      huisletter: z.string().optional(),
      huisnummertoevoeging: z.string().optional(),
      postcode: z.string().regex(/^[1-9][0-9]{3} ?[A-Z]{2}$/, 'not a Dutch postcode'),
      woonplaats: z.string().min(1),
    }),
  }),
  z.object({
    type: z.literal('VerblijfplaatsBuitenland'),
    verblijfadres: z.object({ land: waardetabel.optional() }).optional(),
  }),
  z.object({ type: z.literal('VerblijfplaatsOnbekend') }),
  z.object({ type: z.literal('Locatie') }),
]);

const persoon = z.object({
  verblijfplaats: verblijfplaats.optional(),
  gemeenteVanInschrijving: z
    .object({ code: z.string().regex(/^\d{4}$/, 'not a 4-digit municipality code'), omschrijving: z.string().min(1) })
    .optional(),
  overlijden: z.object({ datum: datum.optional() }).optional(),
  opschortingBijhouding: z.object({ reden: z.object({ code: z.string().min(1) }) }).optional(),
  adressering: z
    .object({
      adresregel1: z.string().optional(),
      adresregel2: z.string().optional(),
      adresregel3: z.string().optional(),
      land: waardetabel.optional(),
    })
    .optional(),
});

const response = z.object({
  type: z.literal('RaadpleegMetBurgerservicenummer'),
  personen: z.array(persoon).max(1, 'more than one person for one BSN'),
});

type Persoon = z.infer<typeof persoon>;

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
      const [found] = parsed.data.personen;
      return found ? toResidence(found) : null;
    },
  };
}

function toResidence(p: Persoon): BrpResidence {
  const place = p.verblijfplaats;
  const adres = place?.type === 'Adres' ? place.verblijfadres : null;
  const envelope = p.adressering;
  return {
    deceasedOn: deceasedOn(p),
    suspension: suspension(p),
    municipality: p.gemeenteVanInschrijving
      ? { code: p.gemeenteVanInschrijving.code, name: p.gemeenteVanInschrijving.omschrijving }
      : null,
    address: adres && {
      street: adres.officieleStraatnaam,
      houseNumber: adres.huisnummer,
      houseNumberAddition: houseNumberAddition(adres.huisletter, adres.huisnummertoevoeging),
      postalCode: adres.postcode.replace(' ', ''),
      city: adres.woonplaats,
    },
    foreignCountry: place?.type === 'VerblijfplaatsBuitenland' ? (place.verblijfadres?.land?.omschrijving ?? null) : null,
    addressLines: [envelope?.adresregel1, envelope?.adresregel2, envelope?.adresregel3, envelope?.land?.omschrijving].filter(
      (line): line is string => typeof line === 'string' && line.trim() !== '',
    ),
  };
}

/** A death with a partial date is still a death, but Tijdig needs the date: a person must look. */
function deceasedOn(p: Persoon): string | null {
  const date = p.overlijden?.datum;
  if (!date) return null;
  if (date.type !== 'Datum') throw new InvalidDataError(`BRP overlijden.datum is a ${date.type}, not a full date`);
  return date.datum;
}

/** Other suspension reasons (ministerial decision, RNI) are rare enough to leave to a person. */
function suspension(p: Persoon): BrpResidence['suspension'] {
  const code = p.opschortingBijhouding?.reden.code;
  if (code === undefined) return null;
  if (code === 'O') return 'DECEASED';
  if (code === 'E') return 'EMIGRATED';
  throw new InvalidDataError(`BRP opschortingBijhouding reden "${code}" is not one Tijdig handles (O, E)`);
}

/** BRP keeps the letter (12A) and the addition (12-2) apart; Tijdig keeps one addition ("A-2"). */
function houseNumberAddition(letter: string | undefined, addition: string | undefined): string | null {
  const parts = [letter, addition].filter((part): part is string => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join('-') : null;
}
