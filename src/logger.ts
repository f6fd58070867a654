import pino from 'pino';
import { isValidBsn } from './residents/bsn';

export type Logger = pino.Logger;

/** Fields that hold what someone sent us: never logged, whatever else the line is about. */
const BODY_FIELDS = ['body', 'rawBody', 'requestBody'];

/**
 * Errors as pino writes them, without what the request carried: body-parser puts the whole body
 * it could not parse on `err.body`, and a resident's report may hold names and a BSN.
 */
function errorWithoutBody(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const serialised = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const field of BODY_FIELDS) delete serialised[field];
  if (serialised.cause instanceof Error) serialised.cause = errorWithoutBody(serialised.cause);
  return serialised;
}

/** Any 9-digit number that passes the BSN 11-proof, wherever it stands in the line. */
function withoutBsns(line: string): string {
  return line.replace(/(?<!\d)\d{9}(?!\d)/g, (digits) => (isValidBsn(digits) ? '[redacted]' : digits));
}

/**
 * The one structured logger. Personal data is kept out three ways, none of which depends on how a
 * field is named: request bodies are dropped from errors and from any log object; fields named bsn
 * or burgerservicenummer are redacted; and any number that is a valid BSN is masked in the
 * finished line, so a BSN inside a message or an error text does not get through either.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const bodyPaths = BODY_FIELDS.flatMap((field) => [field, `*.${field}`]);
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: ['bsn', '*.bsn', 'burgerservicenummer', '*.burgerservicenummer', ...bodyPaths],
      censor: '[redacted]',
    },
    serializers: { err: errorWithoutBody, error: errorWithoutBody },
    hooks: { streamWrite: withoutBsns },
  };
  return destination ? pino(options, destination) : pino(options);
}
