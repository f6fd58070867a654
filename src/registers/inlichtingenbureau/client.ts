import { z } from 'zod';
import { InvalidDataError } from '../../errors';
import { describeIssues, type Fetch, requestJson, trimBaseUrl } from '../http-client';

/** The Inlichtingenbureau's answer about one household, in Tijdig's words. */
export const INCOME_CHECK_OUTCOMES = ['likely-eligible', 'not-eligible', 'unknown'] as const;
export type IncomeCheckOutcome = (typeof INCOME_CHECK_OUTCOMES)[number];

export const HOUSEHOLD_KINDS = ['single', 'single-parent', 'couple'] as const;
export type HouseholdKind = (typeof HOUSEHOLD_KINDS)[number];

export interface IncomeCheck {
  outcome: IncomeCheckOutcome;
  /** What stood in the way: assets or a vehicle above the national norm. */
  obstacles: ('assets' | 'vehicle')[];
  /** The data the answer rests on; absent when the sources know nothing of the household. */
  data: {
    household: HouseholdKind | null;
    /** Net household income a month in euros; null when the sources had no figure. */
    netMonthlyIncome: number | null;
    assetsAboveNorm: boolean;
    vehicleAboveNorm: boolean;
    referenceDate: string;
    sources: string[];
  } | null;
}

export interface InlichtingenbureauClient {
  checkRemission(bsn: string, taxYear: number): Promise<IncomeCheck>;
}

export interface InlichtingenbureauClientOptions {
  /** INLICHTINGENBUREAU_URL */
  baseUrl: string;
  apiKey: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

const SERVICE = 'Inlichtingenbureau';

const OUTCOMES = { MOGELIJK_RECHT: 'likely-eligible', GEEN_RECHT: 'not-eligible', ONBEKEND: 'unknown' } as const;
const HOUSEHOLDS = {
  ALLEENSTAANDE: 'single',
  ALLEENSTAANDE_OUDER: 'single-parent',
  GEHUWDEN_OF_SAMENWONENDEN: 'couple',
  ONBEKEND: null,
} as const;
const OBSTACLES = { VERMOGEN: 'assets', VOERTUIG: 'vehicle' } as const;

const answerSchema = z.object({
  resultaten: z.array(
    z.object({
      burgerservicenummer: z.string(),
      uitkomst: z.enum(['MOGELIJK_RECHT', 'GEEN_RECHT', 'ONBEKEND']),
      belemmeringen: z.array(z.enum(['VERMOGEN', 'VOERTUIG'])),
      gegevens: z
        .object({
          huishouden: z.enum(['ALLEENSTAANDE', 'ALLEENSTAANDE_OUDER', 'GEHUWDEN_OF_SAMENWONENDEN', 'ONBEKEND']),
          nettoInkomenPerMaand: z.number().nonnegative().nullable(),
          vermogenBovenNorm: z.boolean(),
          voertuigBovenNorm: z.boolean(),
          peildatum: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
          bronnen: z.array(z.string()),
        })
        .optional(),
    }),
  ),
});

/** The remission check of the Inlichtingenbureau, one BSN at a time (the BSN only in the body). */
export function createInlichtingenbureauClient({
  baseUrl,
  apiKey,
  fetch = globalThis.fetch,
  timeoutMs = 10_000,
}: InlichtingenbureauClientOptions): InlichtingenbureauClient {
  const base = trimBaseUrl(baseUrl);
  return {
    async checkRemission(bsn, taxYear) {
      const { body } = await requestJson({
        service: SERVICE,
        url: `${base}/kwijtschelding/toetsingen`,
        fetch,
        timeoutMs,
        init: {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'X-API-Key': apiKey },
          body: JSON.stringify({ burgerservicenummers: [bsn], belastingjaar: taxYear }),
        },
      });
      const parsed = answerSchema.safeParse(body);
      if (!parsed.success) {
        throw new InvalidDataError(
          `${SERVICE} answer does not match the remission check's shape: ${describeIssues(parsed.error)}`,
        );
      }
      const found = parsed.data.resultaten.find((r) => r.burgerservicenummer === bsn);
      if (!found) throw new InvalidDataError(`${SERVICE} answered without a result for the BSN asked about`);
      const data = found.gegevens;
      return {
        outcome: OUTCOMES[found.uitkomst],
        obstacles: found.belemmeringen.map((o) => OBSTACLES[o]),
        data: data
          ? {
              household: HOUSEHOLDS[data.huishouden],
              netMonthlyIncome: data.nettoInkomenPerMaand,
              assetsAboveNorm: data.vermogenBovenNorm,
              vehicleAboveNorm: data.voertuigBovenNorm,
              referenceDate: data.peildatum,
              sources: data.bronnen,
            }
          : null,
      };
    },
  };
}
