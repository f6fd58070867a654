import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;
/** The client handed to an interactive transaction's callback. */
export type DbTransaction = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** A Prisma client over the pg driver adapter (no native query engine needed). */
export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

export * from './generated/client';
