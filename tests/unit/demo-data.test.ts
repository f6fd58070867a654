import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_BSN_RANGE, generateDemoData } from '../../src/demo/demo-data';
import { validateImportFile, type ImportResident } from '../../src/import/format';
import { isoPlusDays, isoPlusYears } from '../../src/calendar-date';

const municipality = { code: '0999', name: 'Gemeente Voorbeeldstad' };
const today = new Date('2026-11-25T08:00:00Z');
const dueBy = isoPlusDays('2026-11-25', 70);

function demo(seed: number) {
  return validateImportFile(generateDemoData({ seed, today, municipality })).residents;
}

/** The disabled parking card holders: the families of the participation offer hold no card. */
const cardHolders = (seed: number) => demo(seed).filter((r) => r.permits.length > 0);

const permitOf = (r: ImportResident) => {
  const [permit] = r.permits;
  if (!permit) throw new Error('every demo resident has a card');
  return permit;
};
const newPeriodEnd = (r: ImportResident) => isoPlusYears(permitOf(r).expiresOn, 5);

describe('demo data', () => {
  it('when generated for a seed, then it passes the import validation with at least 200 residents', () => {
    for (const seed of [1, 42, 2026]) {
      expect(demo(seed).length).toBeGreaterThanOrEqual(200);
    }
  });

  it('when generated twice with one seed, then the data is the same, and another seed gives other data', () => {
    const args = { seed: 42, today, municipality };
    expect(generateDemoData(args)).toEqual(generateDemoData(args));
    expect(generateDemoData({ ...args, seed: 43 }).residents[0]).not.toEqual(generateDemoData(args).residents[0]);
  });

  it('when generated, then most cards expire within the 70-day lead time and the rest later', () => {
    const residents = cardHolders(42);
    const due = residents.filter((r) => permitOf(r).expiresOn > '2026-11-25' && permitOf(r).expiresOn <= dueBy);
    const later = residents.filter((r) => permitOf(r).expiresOn > dueBy);
    expect(due.length / residents.length).toBeGreaterThan(0.6);
    expect(later.length).toBeGreaterThan(0);
    expect(due.length + later.length).toBe(residents.length);
  });

  it('when generated, then it holds every situation a renewal must handle, with most residents going straight through', () => {
    const residents = cardHolders(42);
    const count = (predicate: (r: ImportResident) => boolean) => residents.filter(predicate).length;
    const straightThrough = count((r) => r.register.status === 'registered' && permitOf(r).indication.kind === 'PERMANENT');

    expect(straightThrough / residents.length).toBeGreaterThanOrEqual(0.75);
    expect(straightThrough / residents.length).toBeLessThanOrEqual(0.85);
    expect(count((r) => r.register.status === 'moved')).toBeGreaterThan(0);
    expect(count((r) => r.register.status === 'deceased')).toBeGreaterThan(0);
    expect(count((r) => r.register.status === 'emigrated')).toBeGreaterThan(0);
    expect(count((r) => r.locale === 'en')).toBeGreaterThan(0);
    const temporary = residents.filter((r) => permitOf(r).indication.kind === 'TEMPORARY');
    const endsOn = (r: ImportResident) => permitOf(r).indication.endsOn ?? '';
    expect(temporary.filter((r) => endsOn(r) < newPeriodEnd(r) && endsOn(r) > '2026-11-25').length).toBeGreaterThan(0);
    expect(temporary.filter((r) => endsOn(r) >= newPeriodEnd(r)).length).toBeGreaterThan(0);
  });

  it('when the special situations are generated, then each of them is due for renewal now', () => {
    const special = cardHolders(42).filter(
      (r) => r.register.status !== 'registered' || permitOf(r).indication.kind === 'TEMPORARY',
    );
    expect(special.length).toBeGreaterThan(0);
    expect(special.every((r) => permitOf(r).expiresOn <= dueBy)).toBe(true);
  });

  it('when generated, then about a third of the residents who live here have this year’s waste levy, with income data for every remission path', () => {
    const residents = demo(42);
    const levied = residents.filter((r) => r.levyAssessments.length > 0);
    expect(levied.length / residents.length).toBeGreaterThan(0.25);
    expect(levied.every((r) => r.register.status === 'registered' && r.levyAssessments[0]!.year === 2026)).toBe(true);
    // Validated amounts are in cents: within either household's norm.
    const lowIncome = (r: ImportResident) =>
      r.income !== null && r.income.netMonthlyIncome != null && r.income.netMonthlyIncome < 140_000;
    expect(levied.filter((r) => lowIncome(r) && r.remissions.some((g) => g.year === 2025 && g.granted)).length).toBeGreaterThan(
      0,
    );
    expect(levied.filter((r) => lowIncome(r) && r.remissions.length === 0).length).toBeGreaterThan(0);
    expect(levied.filter((r) => r.income === null).length).toBeGreaterThan(0);
    expect(levied.filter((r) => r.income !== null && r.income.netMonthlyIncome == null).length).toBeGreaterThan(0);
    expect(levied.filter((r) => r.income?.assetsAboveNorm).length).toBeGreaterThan(0);
  });

  it('when a small data set is asked for, then every situation still occurs once at least', () => {
    const residents = validateImportFile(generateDemoData({ seed: 3, today, municipality, count: 10 })).residents;
    expect(new Set(residents.map((r) => r.register.status))).toEqual(new Set(['registered', 'moved', 'deceased', 'emigrated']));
    expect(() => generateDemoData({ seed: 3, today, municipality, count: 5 })).toThrow(RangeError);
  });

  it('when generated, then a share of the residents still registered here hold resident parking permits, most due within 42 days, with every situation their renewal must handle', () => {
    const file = validateImportFile(generateDemoData({ seed: 42, today, municipality }));
    const holders = file.residents.filter((r) => r.parkingPermits.length > 0);
    const permits = holders.flatMap((r) => r.parkingPermits);
    expect(holders.length / file.residents.length).toBeGreaterThan(0.1);
    expect(holders.every((r) => r.register.status === 'registered')).toBe(true);
    const dueIn42 = isoPlusDays('2026-11-25', 42);
    expect(permits.filter((p) => p.expiresOn <= dueIn42).length / permits.length).toBeGreaterThan(0.6);
    const zones = new Map(file.parkingZones.map((z) => [z.code, z]));
    const inZone = (r: ImportResident) => zones.get(r.parkingPermits[0]!.zone)!.postalCodes.includes(r.address.postalCode);
    expect(holders.filter((r) => !inZone(r)).length).toBeGreaterThan(0);
    expect(permits.filter((p) => p.registers.vehicle === 'other-holder' && !p.leaseDocumented).length).toBeGreaterThan(0);
    expect(permits.filter((p) => p.registers.vehicle === 'other-holder' && p.leaseDocumented).length).toBeGreaterThan(0);
    expect(permits.filter((p) => p.registers.mandate === 'invalid').length).toBeGreaterThan(0);
    expect(
      holders.filter((r) => r.parkingPermits.length > zones.get(r.parkingPermits[0]!.zone)!.maxPermitsPerAddress).length,
    ).toBeGreaterThan(0);
  });

  it('when demo data is generated, then its BSNs stay in the demo range and never meet those of the example import file', () => {
    const examplePath = path.resolve(__dirname, '..', '..', 'examples', 'import-example.json');
    const example = validateImportFile(JSON.parse(readFileSync(examplePath, 'utf8'))).residents.map((r) => r.bsn);
    const inDemoRange = (bsn: string) => bsn >= DEMO_BSN_RANGE.first && bsn <= DEMO_BSN_RANGE.last;

    for (const seed of [1, 42]) {
      const bsns = validateImportFile(generateDemoData({ seed, today, municipality, count: 8000 })).residents.map((r) => r.bsn);
      expect(bsns.every(inDemoRange)).toBe(true);
      expect(bsns.filter((bsn) => example.includes(bsn))).toEqual([]);
    }
    expect(example.length).toBeGreaterThan(0);
    expect(example.filter(inDemoRange)).toEqual([]);
  });

  it('when generated, then families with a participation record of this year live at addresses of their own, with a household for every path of the offer', () => {
    const residents = demo(42);
    const families = residents.filter((r) => r.participationRecords.length > 0);
    const atAddress = (r: ImportResident) =>
      residents.filter((o) => o.address.postalCode === r.address.postalCode && o.address.houseNumber === r.address.houseNumber);
    const ageOf = (r: ImportResident) => Number('2026-11-25'.slice(0, 4)) - Number(r.birthDate.slice(0, 4));
    const childrenOf = (r: ImportResident) => atAddress(r).filter((o) => o !== r);
    const record = (r: ImportResident) => r.participationRecords[0]!;
    expect(families.length).toBeGreaterThanOrEqual(6);
    expect(families.every((r) => record(r).year === 2026 && r.permits.length === 0)).toBe(true);
    expect(families.every((r) => childrenOf(r).length > 0 && childrenOf(r).every((c) => ageOf(c) <= 18))).toBe(true);
    const offered = families.filter(
      (r) =>
        record(r).incomePercentOfSocialMinimum <= 130 &&
        record(r).validUntil >= '2026-11-25' &&
        record(r).householdSize === atAddress(r).length &&
        r.register.status === 'registered',
    );
    expect(offered.length / families.length).toBeGreaterThan(0.4);
    expect(families.filter((r) => record(r).incomePercentOfSocialMinimum > 130).length).toBeGreaterThan(0);
    expect(families.filter((r) => record(r).validUntil < '2026-11-25').length).toBeGreaterThan(0);
    expect(families.filter((r) => record(r).householdSize !== atAddress(r).length).length).toBeGreaterThan(0);
    expect(families.filter((r) => childrenOf(r).every((c) => ageOf(c) <= 4)).length).toBeGreaterThan(0);
    expect(families.filter((r) => r.register.status === 'deceased').length).toBeGreaterThan(0);
  });
});
