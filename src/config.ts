import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Tijdig reads, declared once with its default and meaning. No other module
 * reads process.env. The README's configuration table mirrors this schema.
 */
const maturityLevels = ['automatic', 'notify-and-confirm', 'notify-only'] as const;
export type MaturityLevel = (typeof maturityLevels)[number];

const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');

const schema = z.object({
  /** PostgreSQL connection string. When unset, Tijdig starts an embedded PostgreSQL. */
  DATABASE_URL: z.string().url().optional(),
  /** Data directory of the embedded PostgreSQL (outside the repository). */
  EMBEDDED_PG_DIR: z.string().default(path.join(cacheHome, 'tijdig', 'postgres')),
  /** Port of the embedded PostgreSQL. */
  EMBEDDED_PG_PORT: z.coerce.number().int().positive().default(54329),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the web app and API. */
  PORT: z.coerce.number().int().min(0).default(3000),

  /** The municipality: name on letters and screens. */
  MUNICIPALITY_NAME: z.string().min(1).default('Gemeente Voorbeeldstad'),
  /** CBS municipality code (4 digits) used to decide whether a resident still lives here. */
  MUNICIPALITY_CODE: z.string().regex(/^\d{4}$/, 'must be the 4-digit CBS municipality code').default('0999'),
  /** Return address printed above the window of the envelope, lines separated by "|". */
  MUNICIPALITY_RETURN_ADDRESS: z.string().default('Postbus 1000|9999 ZZ Voorbeeldstad'),
  /** Name and role that sign the letters, separated by "|". */
  LETTER_SIGNATORY: z.string().default('J. de Vries|Teamleider Parkeren en Zorg'),

  /** How many days before expiry the GPK scan starts a renewal (residents are told to apply 2 months ahead). */
  GPK_LEAD_TIME_DAYS: z.coerce.number().int().positive().default(70),
  /** How far Tijdig acts on its own for GPK renewals. */
  GPK_MATURITY: z.enum(maturityLevels).default('automatic'),
  /** Validity of a renewed GPK in years (at most 5 by law). */
  GPK_VALIDITY_YEARS: z.coerce.number().int().min(1).max(5).default(5),
  /** Cron expression (Europe/Amsterdam) of the daily expiry scan. */
  SCAN_CRON: z.string().default('0 6 * * *'),
  /** Permits read per page by the scan; keeps memory flat on large registers. */
  SCAN_PAGE_SIZE: z.coerce.number().int().positive().default(500),

  /** Base URL of the BRP (Haal Centraal BRP Personen v2). Local mode serves the stub here. */
  BRP_API_URL: z.string().url().default('http://127.0.0.1:3101/haalcentraal/api/brp'),
  /** API key sent as X-API-Key to the BRP. */
  BRP_API_KEY: z.string().default('local-development-key'),
  /** Base URL of the card producer's order API. Local mode serves the stub here. */
  CARD_PRODUCER_URL: z.string().url().default('http://127.0.0.1:3102/api/v1'),
  /** Start the register stubs in this process (local mode). Off when real registers are configured. */
  START_STUBS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),

  /** Folder where print-street batches (PDFs plus manifest) are written. */
  PRINT_BATCH_DIR: z.string().default(path.resolve('var', 'print-batches')),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
