import pino from 'pino';

export type Logger = pino.Logger;

/**
 * The one structured logger. BSNs are personal data: any field named bsn or
 * burgerservicenummer is redacted wherever it appears in a log line.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: ['bsn', '*.bsn', 'burgerservicenummer', '*.burgerservicenummer'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
