import { Prisma } from './client';

/**
 * Prisma's codes for a database that cannot be reached or went away during the query
 * (P1001 unreachable, P1002 and P1008 timed out, P1017 connection closed, P2024 no connection
 * free in the pool, P2037 the server's connection limit reached, P2028 a transaction whose
 * connection broke off, seen as "Transaction already closed" on an upsert cut mid-commit): faults
 * of the line, not of the query, that pass when the database is back. Every step is keyed, so
 * running it again after an unclear commit is safe.
 */
const UNAVAILABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2037']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** What pg itself says when its connection broke; Prisma passes some of these on as they are. */
const PG_CONNECTION_LOST =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect)$/;
/** PostgreSQL's own SQLSTATEs for a connection lost or a server shutting down or starting (a restart, a fail-over). */
const SERVER_GOING_AWAY = /^(08|57P0[1-3])/;

/**
 * Whether an error means "the database is unavailable right now" (a network fault, a restart,
 * a fail-over) rather than something wrong with the data or the code.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE.has(err.code)) return true;
  if (err instanceof Prisma.PrismaClientInitializationError) return UNAVAILABLE.has(err.errorCode ?? '');
  if (!(err instanceof Error)) return false;
  const sqlState = (err as { meta?: { driverAdapterError?: { cause?: { code?: unknown } } } }).meta?.driverAdapterError?.cause
    ?.code;
  if (typeof sqlState === 'string' && SERVER_GOING_AWAY.test(sqlState)) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK.has(code) || SERVER_GOING_AWAY.test(code))) return true;
  // Prisma puts the driver's words on the last line, below a frame of the failed call.
  return PG_CONNECTION_LOST.test(err.message.trim().split('\n').at(-1)!.trim());
}
