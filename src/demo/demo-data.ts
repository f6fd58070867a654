import { FORMAT_VERSION, type ImportFileInput } from '../import/format';
import { calendarDate, isoPlusDays, isoPlusYears, toIsoDate } from '../calendar-date';
import { isValidBsn } from '../residents/bsn';

/**
 * A believable register for demonstrations and load tests, in the import format. Most cards
 * expire within the scan's lead time (70 days) so the first scan has work; a fifth of the
 * residents carry a situation the renewal must handle differently (moved, deceased,
 * emigrated, a temporary indication). About a third of those who still live here have this
 * year's waste levy, with income data that takes the remission offer down each of its paths.
 * About a quarter of the residents still registered here also hold resident parking permits,
 * most due within their lead time (42 days), with the situations that renewal must handle (an
 * address outside the zone, a car no longer theirs, a refused mandate, more permits on the
 * address than the zone allows). The same seed always gives the same data.
 */
export interface DemoDataOptions {
  seed: number;
  /** The demonstration's "today"; its calendar date in the Netherlands is used, as the scan does. */
  today: Date;
  /** The municipality that holds the register (config MUNICIPALITY_CODE / MUNICIPALITY_NAME). */
  municipality: { code: string; name: string };
  count?: number;
}

type DemoVariation = 'straight-through' | 'moved' | 'deceased' | 'emigrated' | 'temporary-ending-early' | 'temporary-covering';

/** Share of residents per special situation; the rest goes straight through. */
const SHARES: Record<Exclude<DemoVariation, 'straight-through'>, number> = {
  moved: 0.05,
  deceased: 0.04,
  emigrated: 0.03,
  'temporary-ending-early': 0.05,
  'temporary-covering': 0.03,
};
const ENGLISH_SHARE = 0.05;
/** Of the straight-through residents, this share has a card expiring within the lead time. */
const DUE_SHARE = 0.75;
const LEAD_TIME_DAYS = 70;
/** A renewed card runs at most this long; temporary indications are placed around its end. */
const RENEWAL_YEARS = 5;

const STREETS = [
  'Dorpsstraat',
  'Kerkstraat',
  'Schoolstraat',
  'Molenweg',
  'Stationsweg',
  'Julianastraat',
  'Beatrixlaan',
  'Wilhelminastraat',
  'Oranjestraat',
  'Nieuwstraat',
  'Eikenlaan',
  'Berkenlaan',
  'Lindelaan',
  'Kastanjelaan',
  'Prins Bernhardlaan',
  'Marktplein',
  'Havenkade',
  'Zuiderweg',
  'Noorderstraat',
  'Emmastraat',
  'Rembrandtlaan',
  'Vondelstraat',
  'Burgemeester de Bruïnelaan',
  'Tulpstraat',
  'Populierenweg',
  'Sportlaan',
  'Kloosterstraat',
  'Ds. van Veenstraat',
];
const GIVEN_NAMES_FEMALE = [
  'Maria',
  'Anna',
  'Johanna',
  'Wilhelmina',
  'Cornelia',
  'Hendrika',
  'Geertruida',
  'Elisabeth',
  'Margaretha',
  'Catharina',
  'Aaltje',
  'Jannetje',
  'Ingrid',
  'Marianne',
  'Yvonne',
  'Sanne',
  'Fatima',
  'Saskia',
  'Petra',
  'Annelies',
];
const GIVEN_NAMES_MALE = [
  'Johannes',
  'Cornelis',
  'Hendrik',
  'Jan',
  'Pieter',
  'Willem',
  'Gerrit',
  'Dirk',
  'Jacob',
  'Klaas',
  'Adrianus',
  'Theodorus',
  'Gerardus',
  'Bert',
  'Kees',
  'Henk',
  'Mohamed',
  'Ahmet',
  'Ruud',
  'Daan',
];
const SURNAMES: [prefix: string | null, surname: string][] = [
  [null, 'Jansen'],
  ['de', 'Vries'],
  ['van den', 'Berg'],
  ['van', 'Dijk'],
  [null, 'Bakker'],
  [null, 'Visser'],
  [null, 'Smit'],
  [null, 'Meijer'],
  ['de', 'Boer'],
  [null, 'Mulder'],
  ['de', 'Groot'],
  [null, 'Bos'],
  [null, 'Vos'],
  [null, 'Peters'],
  [null, 'Hendriks'],
  ['van', 'Leeuwen'],
  [null, 'Dekker'],
  [null, 'Brouwer'],
  ['de', 'Wit'],
  [null, 'Dijkstra'],
  [null, 'Smits'],
  ['de', 'Graaf'],
  ['van der', 'Meer'],
  ['van der', 'Linden'],
  [null, 'Kok'],
  [null, 'Jacobs'],
  ['de', 'Haan'],
  [null, 'Vermeulen'],
  ['van den', 'Heuvel'],
  ['van der', 'Veen'],
  ['van den', 'Broek'],
  ['de', 'Bruijn'],
  ['de', 'Jong'],
  ['van', 'Beek'],
  ['ter', 'Horst'],
  [null, 'Yilmaz'],
  [null, 'El Amrani'],
  [null, 'Kaya'],
  ["in 't", 'Veld'],
  ['van', 'Vliet'],
];
/** For the residents who chose English letters. */
const GIVEN_NAMES_ENGLISH = ['James', 'Emily', 'Oliver', 'Sophie', 'Daniel', 'Charlotte', 'Thomas', 'Grace'];
const SURNAMES_ENGLISH = ['Smith', 'Brown', 'Wilson', 'Taylor', 'Walker', 'Clarke', "O'Connor", 'Murphy'];
const OTHER_MUNICIPALITIES = [
  { code: '0363', name: 'Amsterdam' },
  { code: '0344', name: 'Utrecht' },
  { code: '0599', name: 'Rotterdam' },
  { code: '0518', name: "'s-Gravenhage" },
  { code: '0772', name: 'Eindhoven' },
  { code: '0014', name: 'Groningen' },
  { code: '0202', name: 'Arnhem' },
  { code: '0080', name: 'Leeuwarden' },
];
const COUNTRIES = ['Spanje', 'Portugal', 'België', 'Duitsland', 'Turkije', 'Marokko', 'Frankrijk'];
const ADDITIONS = ['A', 'B', 'C', '1', '2', '3', 'bis'];
// Postal code letters in use: no SA, SD or SS, and no F, I, O, Q, U or Y.
const POSTAL_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';

type Resident = ImportFileInput['residents'][number];

export function generateDemoData(options: DemoDataOptions): ImportFileInput {
  const { seed, municipality, count = 240 } = options;
  const variations = Object.keys(SHARES) as (keyof typeof SHARES)[];
  if (!Number.isInteger(count) || count < 2 * variations.length) {
    throw new RangeError(`count must be a whole number of at least ${2 * variations.length}, so every situation occurs`);
  }
  const random = createRandom(seed);
  const today = toIsoDate(calendarDate(options.today));
  const bsns = testBsns(random, count);
  const city = municipality.name.replace(/^Gemeente\s+/i, '');
  const postalCodes = new Map<string, string>();
  // Postal codes of one place share their first two digits, as they do in a real town.
  const postalAreas = new Map<string, number>();
  const firstPermitNumber = random.int(100_000, 800_000);

  const plan = variations.flatMap((v) => Array<DemoVariation>(Math.max(1, Math.round(count * SHARES[v]))).fill(v));
  const straight = count - plan.length;
  const due = Math.round(straight * DUE_SHARE);
  const situations = random.shuffle([...plan, ...Array<DemoVariation>(straight).fill('straight-through')]);
  // Every special situation is due now, so a demonstration shows each of them on the first scan.
  let dueLeft = due;
  const isDue = situations.map((situation) => situation !== 'straight-through' || dueLeft-- > 0);
  const dueIndexes = random.shuffle(situations.map((_, i) => i).filter((i) => isDue[i]));
  const english = new Set(dueIndexes.slice(0, Math.max(1, Math.round(count * ENGLISH_SHARE))));

  const addressIn = (place: string) => {
    const street = random.pick(STREETS);
    const houseNumber = random.int(1, 180);
    const key = `${place}|${street}|${Math.floor(houseNumber / 20)}`;
    let postalCode = postalCodes.get(key);
    if (!postalCode) {
      let area = postalAreas.get(place);
      if (area === undefined) {
        area = random.int(10, 99) * 100;
        postalAreas.set(place, area);
      }
      postalCode = `${area + random.int(0, 99)} ${postalLetters(random)}`;
      postalCodes.set(key, postalCode);
    }
    const houseNumberAddition = random.chance(0.12) ? random.pick(ADDITIONS) : undefined;
    return { street, houseNumber, ...(houseNumberAddition ? { houseNumberAddition } : {}), postalCode, city: place };
  };

  const residents = situations.map((situation, i): Resident => {
    const locale = english.has(i) ? 'en' : 'nl';
    // Most card holders are elderly.
    const age = random.chance(0.6) ? random.int(65, 95) : random.chance(0.75) ? random.int(40, 64) : random.int(18, 39);
    const birthDate = isoPlusDays(isoPlusYears(today, -age), -random.int(0, 364));
    const expiresOn = isDue[i]
      ? isoPlusDays(today, random.int(1, LEAD_TIME_DAYS))
      : isoPlusDays(today, random.int(LEAD_TIME_DAYS + 1, 5 * 365));
    const validFrom = isoPlusYears(expiresOn, -RENEWAL_YEARS);
    const [surnamePrefix, surname] = locale === 'en' ? [null, random.pick(SURNAMES_ENGLISH)] : random.pick(SURNAMES);
    const givenNames =
      locale === 'en'
        ? random.pick(GIVEN_NAMES_ENGLISH)
        : givenNamesFrom(random, random.chance(0.5) ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE);
    const livedHereYears = random.int(1, Math.max(1, Math.min(40, age - 18)));
    return {
      bsn: bsns[i] as string,
      givenNames,
      ...(surnamePrefix ? { surnamePrefix } : {}),
      surname,
      birthDate,
      locale,
      address: {
        ...addressIn(city),
        municipalityCode: municipality.code,
        validFrom: isoPlusDays(isoPlusYears(today, -livedHereYears), -random.int(0, 300)),
      },
      permits: [
        {
          number: `GPK-${municipality.code}-${String(firstPermitNumber + i).padStart(6, '0')}`,
          kind: random.chance(0.45) ? 'B' : random.chance(0.55) ? 'P' : 'BP',
          validFrom,
          expiresOn,
          indication: indicationFor(situation, random, today, validFrom, expiresOn),
        },
      ],
      register: registerEntry(situation, random, today, municipality.code, addressIn),
    };
  });
  addWasteLevy(residents, situations, seed, today, municipality.code);
  const parkingZones = addParkingPermits(residents, seed, today, municipality.code);
  addParkingPlaces(residents, seed, today);
  addParticipationHouseholds(residents, seed, today, municipality.code, city);
  return { formatVersion: FORMAT_VERSION, parkingZones, residents };
}

type ParkingVariation = 'straight-through' | 'lease' | 'outside-zone' | 'vehicle-not-theirs' | 'payment-refused' | 'over-limit';
const PARKING_HOLDER_SHARE = 0.25;
const PARKING_SHARES: Record<Exclude<ParkingVariation, 'straight-through'>, number> = {
  lease: 0.05,
  'outside-zone': 0.08,
  'vehicle-not-theirs': 0.08,
  'payment-refused': 0.06,
  'over-limit': 0.05,
};
const PARKING_LEAD_TIME_DAYS = 42;
const MAX_PERMITS_PER_ADDRESS = 2;
const PLATE_LETTERS = 'BDFGHJKLNPRSTVXZ';

/**
 * Gives some registered residents resident parking permits, in place: a random of its own, so the
 * GPK part of the data is the same as it was before parking permits existed. Returns the zones.
 */
function addParkingPermits(residents: Resident[], seed: number, today: string, municipalityCode: string) {
  const random = createRandom(seed ^ 0x9a7c1);
  const holders = residents.filter(
    (r) => (r.register ?? { status: 'registered' }).status === 'registered' && random.chance(PARKING_HOLDER_SHARE),
  );
  const variations = Object.keys(PARKING_SHARES) as (keyof typeof PARKING_SHARES)[];
  const plan = variations.flatMap((v) =>
    Array<ParkingVariation>(Math.max(1, Math.round(holders.length * PARKING_SHARES[v]))).fill(v),
  );
  const situations = random.shuffle([
    ...plan.slice(0, holders.length),
    ...Array<ParkingVariation>(Math.max(0, holders.length - plan.length)).fill('straight-through'),
  ]);
  // An address outside every zone must not be shared with a holder inside one.
  const postcodeUse = new Map<string, number>();
  for (const r of holders) postcodeUse.set(r.address.postalCode, (postcodeUse.get(r.address.postalCode) ?? 0) + 1);
  const zones = [
    // Each zone also holds a street no demo resident lives on, so a zone is never empty.
    { code: 'A', name: 'Centrum', yearlyFeeCents: 7450, streets: ['Grachtstraat'] },
    { code: 'B', name: 'Oude Haven', yearlyFeeCents: 5200, streets: ['Singel'] },
    { code: 'C', name: 'Stationsgebied', yearlyFeeCents: 3900, streets: ['Stationsplein'] },
  ].map((zone) => ({ ...zone, maxPermitsPerAddress: MAX_PERMITS_PER_ADDRESS, postalCodes: [] as string[] }));
  const plates = new Set<string>();
  const plate = () => {
    for (;;) {
      const letters = (n: number) => Array.from({ length: n }, () => random.pick([...PLATE_LETTERS])).join('');
      const candidate = `${letters(2)}-${random.int(100, 999)}-${letters(1)}`;
      if (!plates.has(candidate)) {
        plates.add(candidate);
        return candidate;
      }
    }
  };
  let serial = random.int(10_000, 80_000);
  holders.forEach((resident, i) => {
    let situation = situations[i] ?? 'straight-through';
    if (situation === 'outside-zone' && (postcodeUse.get(resident.address.postalCode) ?? 0) > 1) situation = 'straight-through';
    const zone = random.pick(zones);
    if (situation !== 'outside-zone' && !zone.postalCodes.includes(resident.address.postalCode))
      zone.postalCodes.push(resident.address.postalCode);
    const due = situation !== 'straight-through' || random.chance(0.75);
    const expiresOn = due
      ? isoPlusDays(today, random.int(1, PARKING_LEAD_TIME_DAYS))
      : isoPlusDays(today, random.int(PARKING_LEAD_TIME_DAYS + 1, 364));
    const bsn = resident.bsn;
    const permit = (expires: string) => ({
      number: `BPV-${municipalityCode}-${String((serial += 1)).padStart(6, '0')}`,
      zone: zone.code,
      licencePlate: plate(),
      leaseDocumented: situation === 'lease',
      payment: { customerId: `cst_demo${bsn}`, mandateId: `mdt_demo${bsn}` },
      validFrom: isoPlusYears(expires, -1),
      expiresOn: expires,
      registers: {
        vehicle: situation === 'lease' || situation === 'vehicle-not-theirs' ? ('other-holder' as const) : ('holder' as const),
        mandate: situation === 'payment-refused' ? ('invalid' as const) : ('valid' as const),
      },
    });
    resident.parkingPermits = [permit(expiresOn)];
    // Three cars on one address where the zone allows two: the two others are renewed later.
    if (situation === 'over-limit')
      resident.parkingPermits.push(
        permit(isoPlusDays(today, random.int(PARKING_LEAD_TIME_DAYS + 1, 364))),
        permit(isoPlusDays(today, random.int(PARKING_LEAD_TIME_DAYS + 1, 364))),
      );
  });
  return zones;
}

/** Of the GPK holders whose card is due, this share has a disabled parking place on their plate. */
const PARKING_PLACE_SHARE_DUE = 0.3;
const PARKING_PLACE_SHARE_LATER = 0.05;
/** Of the places, this share is reserved for a plate the RDW no longer has in the holder's name. */
const PLATE_CHANGED_SHARE = 0.25;

/**
 * Gives some driving GPK holders (card kind B or BP) a reserved parking place, in place, with a
 * random of its own so the rest of the data stays as it was. Most are holders whose card is due,
 * so the demonstration's renewals (and deaths and departures) start their reviews.
 */
function addParkingPlaces(residents: Resident[], seed: number, today: string) {
  const random = createRandom(seed ^ 0x51ace);
  const horizon = isoPlusDays(today, LEAD_TIME_DAYS);
  const letters = () => Array.from({ length: 2 }, () => random.pick([...PLATE_LETTERS])).join('');
  let decree = random.int(100, 900);
  for (const resident of residents) {
    const card = resident.permits?.[0];
    if (!card || card.kind === 'P') continue;
    const due = card.expiresOn <= horizon;
    if (!random.chance(due ? PARKING_PLACE_SHARE_DUE : PARKING_PLACE_SHARE_LATER)) continue;
    const decreedOn = isoPlusDays(card.validFrom, random.int(10, 200));
    resident.parkingPlace = {
      decree: `VB-${decreedOn.slice(0, 4)}-${String((decree += 1)).padStart(4, '0')}`,
      // Another side code than the parking permits' plates, so no plate is both.
      licencePlate: `${letters()}-${letters()}-${random.int(10, 99)}`,
      location: `${resident.address.street}, ${random.chance(0.5) ? 'tegenover' : 'naast'} nummer ${resident.address.houseNumber}`,
      decreedOn: decreedOn < today ? decreedOn : today,
      registers: { vehicle: random.chance(PLATE_CHANGED_SHARE) ? 'other-holder' : 'holder' },
    };
  }
}

type RemissionVariation = 'granted-again' | 'offer' | 'above-norm' | 'assets' | 'unknown' | 'no-income-figure';

/** Of the residents who still live here, the share with this year's waste levy in Tijdig's data. */
const LEVY_SHARE = 0.35;
/** How those residents' income data varies, so the remission offer shows each of its paths. */
const REMISSION_SHARES: Record<RemissionVariation, number> = {
  'granted-again': 0.3,
  offer: 0.3,
  'above-norm': 0.15,
  assets: 0.05,
  unknown: 0.1,
  'no-income-figure': 0.1,
};

/**
 * This year's waste levy, last year's remission and what the Inlichtingenbureau knows, for some
 * of the residents who still live here. A random stream of its own, so the GPK data of a seed
 * stays exactly what it was before the remission offer existed.
 */
function addWasteLevy(residents: Resident[], situations: DemoVariation[], seed: number, today: string, code: string) {
  const random = createRandom(seed ^ 0x5eed1e5);
  const year = Number(today.slice(0, 4));
  const here = random.shuffle(situations.map((s, i) => (s === 'straight-through' ? i : -1)).filter((i) => i >= 0));
  const chosen = here.slice(0, Math.max(Object.keys(REMISSION_SHARES).length, Math.round(residents.length * LEVY_SHARE)));
  const variations = Object.keys(REMISSION_SHARES) as RemissionVariation[];
  const plan = random.shuffle(
    chosen.map((_, k) =>
      // Every variation once first, then by share.
      k < variations.length ? variations[k]! : pickByShare(random.next(), variations),
    ),
  );
  chosen.forEach((index, k) => {
    const resident = residents[index]!;
    const variation = plan[k]!;
    const household = random.pick(['single', 'single', 'single-parent', 'couple'] as const);
    const couple = household === 'couple';
    const low = couple ? random.int(140_000, 195_000) : random.int(90_000, 135_000);
    const high = couple ? random.int(215_000, 320_000) : random.int(150_000, 260_000);
    resident.levyAssessments = [
      {
        year,
        number: `AH-${code}-${year}-${String(index + 1).padStart(6, '0')}`,
        household: household === 'single' ? 'single' : 'multi-person',
        amount: household === 'single' ? 289.2 : 389.4,
      },
    ];
    resident.remissions = variation === 'granted-again' ? [{ year: year - 1, granted: true }] : [];
    const income = (cents: number | null, assetsAboveNorm = false) => ({
      household,
      netMonthlyIncome: cents === null ? null : cents / 100,
      assetsAboveNorm,
      vehicleAboveNorm: false,
      referenceDate: `${year}-01-01`,
    });
    switch (variation) {
      case 'granted-again':
      case 'offer':
        resident.income = income(low);
        break;
      case 'above-norm':
        resident.income = income(high);
        break;
      case 'assets':
        resident.income = income(low, true);
        break;
      case 'no-income-figure':
        resident.income = income(null);
        break;
      case 'unknown':
        break;
    }
  });
}

function pickByShare<T extends string>(draw: number, values: T[]): T {
  let total = 0;
  for (const value of values) {
    total += REMISSION_SHARES[value as RemissionVariation];
    if (draw < total) return value;
  }
  return values[values.length - 1]!;
}

function indicationFor(situation: DemoVariation, random: Random, today: string, validFrom: string, expiresOn: string) {
  const assessedOn = isoPlusDays(validFrom, -random.int(14, 90));
  switch (situation) {
    case 'temporary-ending-early':
      return { kind: 'TEMPORARY' as const, assessedOn, endsOn: isoPlusDays(expiresOn, random.int(90, 700)) };
    case 'temporary-covering':
      // Reassessed recently, for longer than the next card would run.
      return {
        kind: 'TEMPORARY' as const,
        assessedOn: isoPlusDays(today, -random.int(20, 200)),
        endsOn: isoPlusDays(isoPlusYears(expiresOn, RENEWAL_YEARS), random.int(30, 400)),
      };
    default:
      return { kind: 'PERMANENT' as const, assessedOn };
  }
}

function registerEntry(
  situation: DemoVariation,
  random: Random,
  today: string,
  ownCode: string,
  addressIn: (place: string) => Omit<Resident['address'], 'municipalityCode' | 'validFrom'>,
): Resident['register'] {
  switch (situation) {
    case 'moved': {
      const municipality = random.pick(OTHER_MUNICIPALITIES.filter((m) => m.code !== ownCode));
      return { status: 'moved', municipality, address: addressIn(municipality.name) };
    }
    case 'deceased':
      return { status: 'deceased', deceasedOn: isoPlusDays(today, -random.int(3, 60)) };
    case 'emigrated':
      return { status: 'emigrated', country: random.pick(COUNTRIES), emigratedOn: isoPlusDays(today, -random.int(14, 200)) };
    default:
      return { status: 'registered' };
  }
}

function givenNamesFrom(random: Random, names: string[]): string {
  const first = random.pick(names);
  if (!random.chance(0.4)) return first;
  const second = random.pick(names);
  return second === first ? first : `${first} ${second}`;
}

function postalLetters(random: Random): string {
  for (;;) {
    const letters = random.pick([...POSTAL_LETTERS]) + random.pick([...POSTAL_LETTERS]);
    if (!['SA', 'SD', 'SS'].includes(letters)) return letters;
  }
}

/**
 * Distinct valid BSNs from 999900000-999989999: within 9999xxxxx, the range the Haal Centraal
 * test data uses, so demo data never carries a number that could belong to a real person. The
 * rest of that range, 999990000-999999999, is left to examples/import-example.json and the
 * docs, so importing the example into demo data adds residents instead of changing demo ones.
 */
export const DEMO_BSN_RANGE = { first: '999900000', last: '999989999' } as const;

function testBsns(random: Random, count: number): string[] {
  const all: string[] = [];
  for (let n = 0; n < 9_000; n++) {
    const first8 = `9999${String(n).padStart(4, '0')}`;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += (9 - i) * Number(first8[i]);
    const check = sum % 11;
    if (check < 10) all.push(`${first8}${check}`);
  }
  if (count > all.length) throw new RangeError(`count can be at most ${all.length}: the BSN test range holds no more`);
  return random.shuffle(all).slice(0, count);
}

interface Random {
  next(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
}

/** mulberry32: small, fast and the same on every platform, which Math.random is not. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j] as (typeof items)[number], items[i] as (typeof items)[number]];
      }
      return items;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Children's participation offer (src/services/participation/): households of their own.

type ParticipationVariation =
  'offer' | 'above-limit' | 'no-child-of-age' | 'record-outdated' | 'household-unclear' | 'parent-deceased';
/** Households with a participation record, as a share of the card holders; at least one per variation. */
const PARTICIPATION_HOUSEHOLD_SHARE = 0.1;
const PARTICIPATION_SHARES: Record<ParticipationVariation, number> = {
  offer: 0.6,
  'above-limit': 0.12,
  'no-child-of-age': 0.08,
  'record-outdated': 0.08,
  'household-unclear': 0.08,
  'parent-deceased': 0.04,
};
/** A street no other demo resident lives on, so the persons at each address are the household's. */
const PARTICIPATION_STREET = 'Speelweide';

/**
 * Appends families with a participation record of this year: a parent and their children at an
 * address of their own, so the offer shows each of its paths (an offer naming the children of
 * 4 to 17, an income above the limit, only a toddler, an expired record, a household that is not
 * the one on record, a parent the BRP reports deceased). They hold no cards or permits, and a
 * random stream of its own keeps the other services' data of a seed as it was.
 */
function addParticipationHouseholds(residents: Resident[], seed: number, today: string, code: string, city: string) {
  const random = createRandom(seed ^ 0x6b1d5);
  const year = Number(today.slice(0, 4));
  const variations = Object.keys(PARTICIPATION_SHARES) as ParticipationVariation[];
  const used = new Set(residents.map((r) => r.bsn));
  // The BSN test range is finite: a register that nearly fills it gets fewer families (at most 5 persons each).
  const free = random.shuffle(allTestBsns().filter((bsn) => !used.has(bsn)));
  const households = Math.min(
    Math.floor(free.length / 5),
    Math.max(variations.length, Math.round(residents.length * PARTICIPATION_HOUSEHOLD_SHARE)),
  );
  const plan = random.shuffle(
    Array.from({ length: households }, (_, k) =>
      k < variations.length ? variations[k]! : participationVariation(random.next()),
    ),
  );
  // A postcode nobody else has: the household at an address is found by postcode and house number.
  const taken = new Set(residents.map((r) => r.address.postalCode));
  let postalCode: string;
  do postalCode = `${random.int(10, 99) * 100 + random.int(0, 99)} ${postalLetters(random)}`;
  while (taken.has(postalCode));
  const bornAged = (age: number) => isoPlusDays(isoPlusYears(today, -age), -random.int(0, 364));
  plan.forEach((variation, k) => {
    const [surnamePrefix, surname] = random.pick(SURNAMES);
    const address = {
      street: PARTICIPATION_STREET,
      houseNumber: k + 1,
      postalCode,
      city,
      municipalityCode: code,
      validFrom: isoPlusYears(today, -random.int(2, 12)),
    };
    const childAges =
      variation === 'no-child-of-age'
        ? [random.int(0, 3)]
        : Array.from({ length: random.int(1, 3) }, () => random.int(4, 17)).concat(random.chance(0.2) ? [random.int(0, 3)] : []);
    const children = childAges.map((age): Resident => ({
      bsn: free.pop()!,
      givenNames: givenNamesFrom(random, random.chance(0.5) ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE),
      ...(surnamePrefix ? { surnamePrefix } : {}),
      surname,
      birthDate: bornAged(age),
      locale: 'nl',
      address,
    }));
    const persons = children.length + 1;
    const parent: Resident = {
      bsn: free.pop()!,
      givenNames: givenNamesFrom(random, random.chance(0.7) ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE),
      ...(surnamePrefix ? { surnamePrefix } : {}),
      surname,
      birthDate: bornAged(random.int(24, 52)),
      locale: 'nl',
      address,
      ...(variation === 'parent-deceased'
        ? { register: { status: 'deceased' as const, deceasedOn: isoPlusDays(today, -random.int(3, 40)) } }
        : {}),
      participationRecords: [
        {
          year,
          incomePercentOfSocialMinimum: variation === 'above-limit' ? random.int(131, 170) : random.int(85, 130),
          householdSize: variation === 'household-unclear' ? persons + 1 : persons,
          validUntil: variation === 'record-outdated' ? `${year - 1}-12-31` : `${year}-12-31`,
          source: random.pick(['bijstand', 'schuldhulpverlening', `aanvraag ${year - 1}`]),
        },
      ],
    };
    residents.push(parent, ...children);
  });
}

/** Every BSN of the demo range that passes the 11-proof, in order. */
function allTestBsns(): string[] {
  const all: string[] = [];
  for (let n = Number(DEMO_BSN_RANGE.first); n <= Number(DEMO_BSN_RANGE.last); n++) {
    if (isValidBsn(String(n))) all.push(String(n));
  }
  return all;
}

/** A variation drawn by PARTICIPATION_SHARES (pickByShare above reads the remission shares). */
function participationVariation(draw: number): ParticipationVariation {
  let total = 0;
  for (const [variation, share] of Object.entries(PARTICIPATION_SHARES) as [ParticipationVariation, number][]) {
    total += share;
    if (draw < total) return variation;
  }
  return 'offer';
}
