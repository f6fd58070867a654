import fc from 'fast-check';
import type { Db } from '../../src/db/client';
import { isoPlusDays, isoPlusYears } from '../../src/calendar-date';
import { ImportRejectedError } from '../../src/import/format';
import { importFile } from '../../src/import/import';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seededRandom } from '../support/seeded-random';
import { printSummary } from '../support/side-effect-counts';

/**
 * 10,000 fuzzed rows (fast-check) through the real import against the real database: good
 * rows mixed with rows broken in one of many ways, or not rows at all. A file with any broken
 * row is refused as a whole, with a problem for each broken row and none for a good one, and
 * nothing reaches the database; nothing ever ends in any other error.
 */
const options = { municipalityName: 'Gemeente Voorbeeldstad' };
const RUNS = 20;
const ROWS_PER_FILE = 500;
const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëïöüÉ';

/** Valid BSNs in order from `from`, skipping prefixes whose check digit would be 10. */
function bsns(from: number, count: number): string[] {
  const found: string[] = [];
  for (let prefix = from; found.length < count; prefix++) {
    const first8 = String(prefix).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * Number(first8[i]);
    if (sum % 11 <= 9) found.push(`${first8}${sum % 11}`);
  }
  return found;
}

const word = (max: number) => fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: max });
const day = (from: string, days: number) => fc.integer({ min: 0, max: days }).map((n) => isoPlusDays(from, n));
const locationFields = {
  street: word(30),
  houseNumber: fc.integer({ min: 1, max: 99999 }),
  postalCode: fc
    .tuple(fc.integer({ min: 1000, max: 9999 }), fc.constantFrom('AB', 'cd', 'XZ'), fc.constantFrom(' ', ''))
    .map(([digits, pair, space]) => `${digits}${space}${pair}`),
  city: word(30),
};

const indication = day('2015-01-01', 3000).chain((assessedOn) =>
  fc.oneof(
    fc.constant({ kind: 'PERMANENT', assessedOn }),
    fc.integer({ min: 1, max: 4000 }).map((n) => ({ kind: 'TEMPORARY', assessedOn, endsOn: isoPlusDays(assessedOn, n) })),
  ),
);
const permit = (number: string) =>
  day('2021-01-01', 1800).chain((validFrom) =>
    fc.record({
      number: fc.constant(number),
      kind: fc.constantFrom('B', 'P', 'BP'),
      validFrom: fc.constant(validFrom),
      expiresOn: fc.integer({ min: 1, max: 1820 }).map((n) => isoPlusDays(validFrom, n)),
      indication,
    }),
  );
const register = fc.oneof(
  fc.constant({ status: 'registered' }),
  fc.record({ status: fc.constant('moved'), municipality: fc.record({ code: fc.constant('0344'), name: word(20) }) }),
  fc.record({ status: fc.constant('deceased'), deceasedOn: day('2024-01-01', 700) }),
  fc.record({ status: fc.constant('emigrated'), country: word(20), emigratedOn: day('2024-01-01', 700) }),
);

/** A row the import must take, for the resident with this BSN and permit numbers. */
const goodRow = (bsn: string, permitNumbers: string[]) =>
  fc.record(
    {
      bsn: fc.constant(bsn),
      givenNames: word(40),
      surnamePrefix: fc.constantFrom('van', 'de', 'van der', null),
      surname: word(40),
      birthDate: day('1925-01-01', 30000),
      locale: fc.constantFrom('nl', 'en'),
      address: fc.record({ ...locationFields, municipalityCode: fc.constant('0999'), validFrom: day('1990-01-01', 10000) }),
      permits: fc.tuple(...permitNumbers.map(permit)),
      register,
    },
    { requiredKeys: ['bsn', 'givenNames', 'surname', 'birthDate', 'address', 'permits'] },
  );

type Row = Record<string, unknown> & {
  bsn: string;
  address: Record<string, unknown>;
  permits: (Record<string, unknown> & { indication: Record<string, unknown> })[];
};

/** Ways to break a good row, each of which a person would have to fix before the file can go in. */
const breakages: ((row: Row, first: Row) => unknown)[] = [
  (r) => ({ ...r, bsn: r.bsn.slice(0, 8) + String((Number(r.bsn[8]) + 1) % 10) }),
  (r) => ({ ...r, bsn: Number(r.bsn) }),
  (r) => ({ ...r, bsn: 'onbekend' }),
  (r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'surname')),
  (r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'address')),
  (r) => ({ ...r, givenNames: '   ' }),
  (r) => ({ ...r, surname: 'x'.repeat(201) }),
  (r) => ({ ...r, birthDate: '1950-02-30' }),
  (r) => ({ ...r, birthDate: '30-06-1950' }),
  (r) => ({ ...r, locale: 'de' }),
  (r) => ({ ...r, nickname: 'Ans' }),
  (r) => ({ ...r, address: { ...r.address, houseNumber: 0 } }),
  (r) => ({ ...r, address: { ...r.address, houseNumber: '12' } }),
  (r) => ({ ...r, address: { ...r.address, postalCode: '0123 AB' } }),
  (r) => ({ ...r, address: { ...r.address, municipalityCode: '999' } }),
  (r) => ({ ...r, permits: [{ ...r.permits[0], kind: 'GPK' }] }),
  (r) => ({ ...r, permits: [{ ...r.permits[0], expiresOn: r.permits[0]!.validFrom }] }),
  (r) => ({ ...r, permits: [{ ...r.permits[0], expiresOn: isoPlusYears(r.permits[0]!.validFrom as string, 6) }] }),
  (r) => ({ ...r, permits: [{ ...r.permits[0], indication: { kind: 'TEMPORARY', assessedOn: '2020-01-01' } }] }),
  (r) => ({
    ...r,
    permits: [{ ...r.permits[0], indication: { kind: 'PERMANENT', assessedOn: '2020-01-01', endsOn: '2030-01-01' } }],
  }),
  (r) => ({ ...r, permits: 'GPK-1' }),
  (r) => ({ ...r, register: { status: 'unknown' } }),
  (r) => ({ ...r, register: { status: 'moved' } }),
  (r, first) => ({ ...r, bsn: first.bsn }),
  (r, first) => ({ ...r, permits: [{ ...r.permits[0], number: first.permits[0]!.number }] }),
];
const notARow = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.object(),
);

/** A file of good rows with broken ones among them (at least one); which rows are broken is returned beside it. */
function fuzzedFile(bsnPool: string[], run: number) {
  const rowBsns = bsnPool.slice(run * ROWS_PER_FILE, (run + 1) * ROWS_PER_FILE);
  return fc
    .tuple(
      fc.tuple(
        ...rowBsns.map((bsn, i) =>
          goodRow(bsn, i % 7 === 0 ? [`GPK-F-${run}-${i}`, `GPK-F-${run}-${i}b`] : [`GPK-F-${run}-${i}`]),
        ),
      ),
      fc.double({ min: 0.0005, max: 0.5, noNaN: true }),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.nat(breakages.length), notARow), {
        minLength: ROWS_PER_FILE,
        maxLength: ROWS_PER_FILE,
      }),
      fc.integer({ min: 1, max: ROWS_PER_FILE - 1 }),
    )
    .map(([rows, share, draws, forced]) => {
      const broken = new Set<number>();
      const residents = (rows as Row[]).map((row, i) => {
        const [chance, how, junk] = draws[i]!;
        // Row 0 stays good: the duplicate breakages copy its BSN and permit number.
        if (i === 0 || (chance >= share && i !== forced)) return row;
        broken.add(i);
        return how === breakages.length ? junk : breakages[how]!(row, rows[0] as Row);
      });
      return { file: { formatVersion: 1, residents }, broken };
    });
}

async function tableCounts(db: Db) {
  const [residents, addresses, permits, indications, brpPersons] = await Promise.all([
    db.resident.count(),
    db.address.count(),
    db.permit.count(),
    db.indication.count(),
    db.stubBrpPerson.count(),
  ]);
  return { residents, addresses, permits, indications, brpPersons };
}

describe('fault: fuzzed import rows', () => {
  jest.setTimeout(180_000);
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it('when 10,000 fuzzed rows with broken ones among them are imported, then each file is refused with a problem for exactly its broken rows and nothing is written', async () => {
    const { seed } = seededRandom('import fuzz');
    const pool = bsns(30_000_000, RUNS * ROWS_PER_FILE + 200);
    // A register already in the database, which a refused file must leave exactly as it was.
    const existing = fc.sample(fc.tuple(...pool.slice(-200).map((bsn, i) => goodRow(bsn, [`GPK-E-${i}`]))), {
      seed,
      numRuns: 1,
    })[0]!;
    await importFile(database.db, { formatVersion: 1, residents: existing }, options);
    const before = await tableCounts(database.db);
    expect(before.residents).toBe(200);

    let run = 0;
    let rows = 0;
    let problems = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => fuzzedFile(pool, run++ % RUNS)),
        async ({ file, broken }) => {
          rows += file.residents.length;
          const refusal = await importFile(database.db, file, options).then(
            () => new Error('the file was imported'),
            (err: unknown) => err,
          );
          expect(refusal).toBeInstanceOf(ImportRejectedError);
          const lines = (refusal as ImportRejectedError).problems;
          problems += lines.length;
          const blamed = new Set<number>();
          for (const line of lines) {
            const match = /^residents\[(\d+)\][^:]*: \S/.exec(line);
            expect({ line, rowLevel: match !== null }).toEqual({ line, rowLevel: true });
            blamed.add(Number(match![1]));
          }
          expect([...blamed].sort((a, b) => a - b)).toEqual([...broken].sort((a, b) => a - b));
        },
      ),
      { seed, numRuns: RUNS, endOnFailure: true },
    );

    expect(await tableCounts(database.db)).toEqual(before);
    const after = await tableCounts(database.db);
    printSummary(
      'import fuzz',
      {
        rows,
        files: RUNS,
        rowsWritten: Object.values(after).reduce((a, b) => a + b, 0) - Object.values(before).reduce((a, b) => a + b, 0),
      },
      `${problems} row-level problems, every file refused whole`,
    );
    expect(rows).toBe(RUNS * ROWS_PER_FILE);
  });
});
