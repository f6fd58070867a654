import os from 'node:os';
import path from 'node:path';

/** Where the test run keeps state that global setup and the test files share. */
export const TEMPLATE_DB_ENV = 'TIJDIG_TEST_TEMPLATE_URL';
export const EMBEDDED_TEST_DIR = path.join(os.tmpdir(), `tijdig-test-pg-${process.getuid?.() ?? 0}`);
export const EMBEDDED_TEST_PORT = 54339;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
