import { z } from 'zod';
import { InvalidDataError } from '../../errors';
import { isValidBsn, normaliseBsn } from '../../residents/bsn';
import { describeIssues, type Fetch, requestJson, trimBaseUrl } from '../http-client';

/**
 * Whether a vehicle is registered to a person (tenaamstelling), as the RDW's kentekenregistratie
 * answers a municipality. RDW's open data ("Gekentekende voertuigen", dataset m9d7-ebf2) names
 * the vehicle by `kenteken` and dates its registration as `datum_tenaamstelling` (YYYYMMDD), but
 * never its holder; a municipality asks the holder question with the person's BSN and gets a
 * yes or no, not the holder's identity. The client keeps those names.
 */
export interface VehicleRegistration {
  /** The RDW knows the kenteken as a registered vehicle. */
  registered: boolean;
  /** The vehicle is registered to the person asked about. */
  holderMatches: boolean;
  /** When the current registration began (ISO date), when the RDW gave it. */
  registeredOn: string | null;
}

export interface RdwClient {
  checkHolder(kenteken: string, bsn: string): Promise<VehicleRegistration>;
}

export interface RdwClientOptions {
  /** RDW_API_URL, e.g. https://.../kentekenregistratie/v1 */
  baseUrl: string;
  apiKey: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

const SERVICE = 'RDW';

/** RDW writes a kenteken in capitals without dashes: "AB123C". */
export const normaliseKenteken = (kenteken: string) => kenteken.replace(/[\s-]/g, '').toUpperCase();

const response = z.object({
  kenteken: z.string(),
  voertuig_geregistreerd: z.boolean(),
  tenaamstelling_komt_overeen: z.boolean(),
  datum_tenaamstelling: z
    .string()
    .regex(/^\d{8}$/, 'not a date as YYYYMMDD')
    .nullish(),
});

export function createRdwClient({ baseUrl, apiKey, fetch = globalThis.fetch, timeoutMs = 10_000 }: RdwClientOptions): RdwClient {
  const url = `${trimBaseUrl(baseUrl)}/tenaamstelling/controle`;
  return {
    async checkHolder(input, bsnInput) {
      const kenteken = normaliseKenteken(input);
      const bsn = normaliseBsn(bsnInput);
      if (!isValidBsn(bsn)) throw new InvalidDataError('The BSN fails the 11-proof; it was not sent to the RDW');
      const { body } = await requestJson({
        service: SERVICE,
        url,
        fetch,
        timeoutMs,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': apiKey },
          body: JSON.stringify({ kenteken, burgerservicenummer: bsn }),
        },
      });
      const parsed = response.safeParse(body);
      if (!parsed.success)
        throw new InvalidDataError(`RDW answer does not match the tenaamstelling shape: ${describeIssues(parsed.error)}`);
      if (parsed.data.kenteken !== kenteken) throw new InvalidDataError('RDW answered about another kenteken');
      const date = parsed.data.datum_tenaamstelling;
      return {
        registered: parsed.data.voertuig_geregistreerd,
        // A vehicle the RDW does not know is registered to nobody, whatever the answer says.
        holderMatches: parsed.data.voertuig_geregistreerd && parsed.data.tenaamstelling_komt_overeen,
        registeredOn: date ? `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` : null,
      };
    },
  };
}
