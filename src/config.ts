import os from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';
import { isIsoDuration } from './iso-duration';

/**
 * Every setting Tijdig reads, declared once with its default and meaning. No other module
 * reads process.env. The README's configuration table mirrors this schema.
 */
export const maturityLevels = ['automatic', 'notify-and-confirm', 'notify-only'] as const;
export type MaturityLevel = (typeof maturityLevels)[number];

const isoDuration = z.string().refine(isIsoDuration, 'must be an ISO 8601 duration such as P14D or PT5M');

const cronExpression = z.string().refine((v) => cron.validate(v), 'must be a cron expression such as "0 6 * * *"');

const cacheHome = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');

const schema = z.object({
  /**
   * The municipality's catalogue of services (on/off, trigger and lead time, maturity level, letter
   * sender and phone number per service); see src/service-catalogue.ts.
   */
  SERVICE_CATALOGUE: z
    .string()
    .min(1)
    .default(path.resolve(__dirname, '..', 'config', 'services.json')),
  /** PostgreSQL connection string. When unset, Tijdig starts an embedded PostgreSQL. */
  DATABASE_URL: z.string().url().optional(),
  /**
   * Data directory of the embedded PostgreSQL (outside the repository). As root the server runs as
   * the `postgres` OS user, which cannot enter root's home (mode 700): then /var/lib/tijdig/postgres.
   */
  EMBEDDED_PG_DIR: z
    .string()
    .default(process.getuid?.() === 0 ? '/var/lib/tijdig/postgres' : path.join(cacheHome, 'tijdig', 'postgres')),
  /** Port of the embedded PostgreSQL. */
  EMBEDDED_PG_PORT: z.coerce.number().int().positive().default(54329),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of the web app and API. */
  PORT: z.coerce.number().int().min(0).default(3000),

  /**
   * Which proxies in front of Tijdig to believe about the client's address and https
   * (X-Forwarded-For, X-Forwarded-Proto): "false" (none, the default: connect straight to Tijdig),
   * a number of proxy hops, or a comma-separated list of addresses, subnets or the names loopback,
   * linklocal, uniquelocal (Express's "trust proxy"). The sign-in and code limits count per client
   * address, so behind a load balancer this must name it, or every visitor counts as the balancer.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(false|\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/,
      'must be false, a number of hops, or addresses, subnets or loopback/linklocal/uniquelocal separated by commas',
    )
    .refine((v) => v !== 'true', 'trusting every proxy lets any client choose its own address: name the proxies or their number')
    .default('false')
    .transform((v): boolean | number | string => (v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),

  /** The municipality: name on letters and screens. */
  MUNICIPALITY_NAME: z.string().min(1).default('Gemeente Voorbeeldstad'),
  /** CBS municipality code (4 digits) used to decide whether a resident still lives here. */
  MUNICIPALITY_CODE: z
    .string()
    .regex(/^\d{4}$/, 'must be the 4-digit CBS municipality code')
    .default('0999'),
  /** The municipality's main colour on screens (hex, e.g. #00689e); the NL Design System theme's when unset. */
  MUNICIPALITY_PRIMARY_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #00689e')
    .optional(),
  /** Address of the municipality's logo shown in the page header; the name alone when unset. */
  MUNICIPALITY_LOGO_URL: z.string().optional(),
  /** Return address printed above the window of the envelope, lines separated by "|". */
  MUNICIPALITY_RETURN_ADDRESS: z.string().default('Postbus 1000|9999 ZZ Voorbeeldstad'),

  /** Phone number residents can call, printed in letters. */
  MUNICIPALITY_PHONE: z.string().default('14 0999'),
  /** Web page with information about the GPK, printed in letters. */
  MUNICIPALITY_WEBSITE: z.string().default('www.voorbeeldstad.nl/parkeerkaart'),
  /** Where a resident applies for a GPK themselves (notify-only letters). */
  GPK_APPLICATION_URL: z.string().default('www.voorbeeldstad.nl/parkeerkaart-aanvragen'),
  /** Organisation that carries out medical assessments, as named in letters. */
  GPK_ASSESSMENT_ORGANISATION: z.string().default('De GGD'),
  /** Working days the card producer needs to deliver a card, as promised in letters. */
  CARD_DELIVERY_WORKING_DAYS: z.coerce.number().int().positive().default(10),
  /** Days a case worker has to assess a GPK exception (the due date of the task). */
  GPK_EXCEPTION_DUE_DAYS: z.coerce.number().int().positive().default(10),
  /** Notify-and-confirm: when a reminder goes out without an answer (ISO 8601 duration). */
  CONFIRMATION_REMINDER_AFTER: isoDuration.default('P14D'),
  /** Notify-and-confirm: when no answer becomes an exception for a case worker (ISO 8601 duration). */
  CONFIRMATION_RESPONSE_DEADLINE: isoDuration.default('P28D'),
  /** Web address residents are sent to in letters to confirm with their code. */
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3000'),
  /** Cron expression (Europe/Amsterdam) of the daily expiry scan. */
  SCAN_CRON: cronExpression.default('0 6 * * *'),
  /** Permits read per page by the scan; keeps memory flat on large registers. */
  SCAN_PAGE_SIZE: z.coerce.number().int().positive().default(500),
  /** Upper bound on process instances started per second after a scan. */
  START_RATE_PER_SECOND: z.coerce.number().positive().default(20),

  /** Base URL of the BRP (Haal Centraal BRP Personen v2). Local mode serves the stub here. */
  BRP_API_URL: z.string().url().default('http://127.0.0.1:3101/haalcentraal/api/brp'),
  /** API key sent as X-API-Key to the BRP. */
  BRP_API_KEY: z.string().default('local-development-key'),
  /** Base URL of the card producer's order API. Local mode serves the stub here. */
  CARD_PRODUCER_URL: z.string().url().default('http://127.0.0.1:3102/api/v1'),
  /** Base URL of the Inlichtingenbureau's remission check (income data). Local mode serves the stub here. */
  INLICHTINGENBUREAU_URL: z.string().url().default('http://127.0.0.1:3103/inlichtingenbureau/api'),
  /** API key sent as X-API-Key to the Inlichtingenbureau. */
  INLICHTINGENBUREAU_API_KEY: z.string().default('local-development-key'),
  /** Base URL of the RDW's kentekenregistratie (holder check of a parking permit's vehicle). Local mode serves the stub here. */
  RDW_API_URL: z.string().url().default('http://127.0.0.1:3104/rdw/kentekenregistratie/v1'),
  /** API key sent as X-API-Key to the RDW. */
  RDW_API_KEY: z.string().default('local-development-key'),
  /** Base URL of the payment provider (Mollie-like; the client appends /v2/payments). Local mode serves the stub here. */
  PAYMENT_API_URL: z.string().url().default('http://127.0.0.1:3105/payments'),
  /** The payment provider's API key, sent as a bearer token. */
  PAYMENT_API_KEY: z.string().default('test_local-development-key'),
  /** Start the register stubs in this process (local mode). Off when real registers are configured. */
  START_STUBS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),

  /**
   * REST root of an existing Operaton (or Camunda 7 compatible) engine, e.g.
   * https://engine.example.nl/engine-rest. When set, Tijdig starts no engine of its own and uses
   * this one with ENGINE_USER/ENGINE_PASSWORD (HTTP basic) or ENGINE_TOKEN (bearer).
   */
  ENGINE_REST_URL: z.string().url().optional(),
  /** Tijdig's account on an existing engine (HTTP basic). */
  ENGINE_USER: z.string().min(1).optional(),
  /** Password of ENGINE_USER. */
  ENGINE_PASSWORD: z.string().min(1).optional(),
  /** Bearer token for an existing engine behind an identity provider, instead of user and password. */
  ENGINE_TOKEN: z.string().min(1).optional(),
  /** Port of the engine Tijdig starts itself (loopback only): REST API, Cockpit, Tasklist and Admin. */
  ENGINE_PORT: z.coerce.number().int().min(0).default(8080),
  /** Administrator of the engine's webapps (Cockpit, Tasklist, Admin) that Tijdig starts itself. */
  ENGINE_ADMIN_USER: z
    .string()
    .regex(/^[A-Za-z0-9]+$/, 'must be letters and digits only')
    .default('admin'),
  /** That administrator's password. Required, except in local demo mode (demo data and stubs on), where it is "demo". */
  ENGINE_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  /** Log file of the engine Tijdig starts itself. */
  ENGINE_LOG_FILE: z.string().default(path.resolve('var', 'engine', 'engine.log')),
  /** Run the external-task workers in this process. Off for a web-only node; `npm run workers` runs them alone. */
  RUN_WORKERS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** External tasks one worker process handles at the same time. */
  WORKER_MAX_CONCURRENCY: z.coerce.number().int().positive().default(16),
  /** How long a fetched task stays locked for its worker (ms); extended while a slow step runs. */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How long one fetch waits on the engine for new tasks (ms, long polling). */
  WORKER_LONG_POLL_MS: z.coerce.number().int().min(0).max(1_800_000).default(20_000),
  /** Load the demo residents at start when the database has none (local mode). */
  LOAD_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Cron expression (Europe/Amsterdam) of the print-street batch run. */
  PRINT_BATCH_CRON: cronExpression.default('0 * * * *'),
  /** Folder where print-street batches (PDFs plus manifest) are written. */
  PRINT_BATCH_DIR: z.string().default(path.resolve('var', 'print-batches')),

  /**
   * OpenID Connect: the municipality's identity provider. When the issuer, client id and client
   * secret are all set, staff sign in there (authorization code with PKCE) instead of with a
   * Tijdig password. The issuer must use https, except on this machine (localhost) for trying out.
   */
  OIDC_ISSUER_URL: z.string().url().optional(),
  /** Client id Tijdig is registered under at the identity provider. */
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  /** Client secret that goes with OIDC_CLIENT_ID. */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Scopes asked of the identity provider (space-separated; must include openid). */
  OIDC_SCOPES: z
    .string()
    .regex(/(^|\s)openid(\s|$)/, 'must include openid')
    .default('openid email profile'),
  /** Claim with the person's roles or groups, a string or a list; a dotted path such as realm_access.roles reaches nested claims. */
  OIDC_ROLE_CLAIM: z.string().min(1).default('roles'),
  /** Which claim value gives which Tijdig role: comma-separated value=role pairs, roles case-worker, process-owner, administrator. */
  OIDC_ROLE_MAPPING: z
    .string()
    .regex(
      /^[^=,]+=(case-worker|process-owner|administrator)(,[^=,]+=(case-worker|process-owner|administrator))*$/,
      'must be value=role pairs separated by commas, roles case-worker, process-owner or administrator',
    )
    .default('tijdig-case-worker=case-worker,tijdig-process-owner=process-owner,tijdig-administrator=administrator'),
});

export type Config = z.infer<typeof schema>;

/** Every setting's name; the README's configuration table lists exactly these. */
export const CONFIG_KEYS = Object.keys(schema.shape);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const config = parsed.data;
  if (config.ENGINE_REST_URL && !config.ENGINE_TOKEN && !(config.ENGINE_USER && config.ENGINE_PASSWORD))
    throw new Error('Invalid configuration:\n  ENGINE_REST_URL: needs ENGINE_USER and ENGINE_PASSWORD, or ENGINE_TOKEN');
  return config;
}

/** Local demo mode: demo data and register stubs, nothing real to protect yet. */
export const isLocalDemo = (config: Pick<Config, 'LOAD_DEMO_DATA' | 'START_STUBS'>) =>
  config.LOAD_DEMO_DATA && config.START_STUBS;

/** The engine administrator's password, or why there is none. */
export function engineAdminPassword(config: Config): string {
  if (config.ENGINE_ADMIN_PASSWORD) return config.ENGINE_ADMIN_PASSWORD;
  if (isLocalDemo(config)) return 'demo';
  throw new Error(
    'Invalid configuration:\n  ENGINE_ADMIN_PASSWORD: required for the engine Tijdig starts (outside local demo mode there is no default password)',
  );
}

/** The municipality as the BRP names it in gemeenteVanInschrijving: code and plain name, without "Gemeente". */
export function registerMunicipality(config: Pick<Config, 'MUNICIPALITY_CODE' | 'MUNICIPALITY_NAME'>): {
  code: string;
  name: string;
} {
  return { code: config.MUNICIPALITY_CODE, name: config.MUNICIPALITY_NAME.replace(/^Gemeente\s+/i, '') };
}
