import { randomBytes } from 'node:crypto';
import type { Db } from './client';

/**
 * A secret the application makes for itself on first use and keeps in its database, so every
 * instance shares it and nobody has to configure (or can leak through configuration) a key
 * that only Tijdig itself ever reads.
 */
export async function appSecret(db: Db, name: string): Promise<Buffer> {
  await db.appSecret.createMany({ data: [{ name, value: randomBytes(32) }], skipDuplicates: true });
  const row = await db.appSecret.findUniqueOrThrow({ where: { name } });
  return Buffer.from(row.value);
}
