import pino from 'pino';

export type Logger = pino.Logger;

/**
 * The one structured logger. BSNs are personal data: any field named bsn or
 * burgerservicenummer is redacted wherever it appears in a log line.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['bsn', '*.bsn', 'burgerservicenummer', '*.burgerservicenummer'], censor: '[redacted]' },
  });
}
