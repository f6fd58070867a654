import { createRandom } from '../../src/demo/demo-data';

/** Where a fault test takes its seed from, to repeat a failed run exactly. */
export const FAULT_SEED_ENV = 'TIJDIG_FAULT_SEED';

/**
 * A reproducible source of random numbers for a fault test (the demo data's mulberry32): the seed comes from
 * TIJDIG_FAULT_SEED or is new, and is printed either way, so a failure can be run again as it was.
 */
export function seededRandom(scenario: string): { seed: number; next(): number; between(min: number, max: number): number } {
  const given = process.env[FAULT_SEED_ENV];
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`${FAULT_SEED_ENV} must be a whole number, not "${given}"`);
  process.stdout.write(`[fault] ${scenario}: seed ${seed} (repeat with ${FAULT_SEED_ENV}=${seed})\n`);
  const random = createRandom(seed);
  return { seed, next: random.next, between: random.int };
}
