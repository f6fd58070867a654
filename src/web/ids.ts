/** The largest value of PostgreSQL's `integer`, the type of every id in Tijdig's tables. */
const MAX_DATABASE_ID = 2_147_483_647;

/**
 * An id from an address or form as a number the database can hold, or null. A number past the
 * column's range is no id of ours: asking the database for it would fail instead of finding nothing.
 */
export function databaseId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_DATABASE_ID ? id : null;
}
