import { z } from 'zod';
import { InvalidDataError } from '../errors';
import { bsnProblem, normaliseBsn } from '../residents/bsn';
import { isIsoDate, isoPlusYears } from '../calendar-date';

/**
 * The import file (docs/import-format.md): residents with their address, parking cards, waste
 * levy assessments and remissions, what the Inlichtingenbureau knows of their income,
 * medical indications and what the population register (BRP) says about them. Every row is
 * checked before anything is written, and every problem is reported with the place it sits
 * in the file, so the person importing can fix the whole file in one go.
 */
export const FORMAT_VERSION = 1;

/** Validity of a GPK by law (BABW art. 49): a card in the file may not run longer. */
const MAX_PERMIT_YEARS = 5;

/** A resident parking permit is issued for a year at a time. */
const MAX_PARKING_PERMIT_YEARS = 1;

/** The file cannot be imported as it is; `problems` says where and why, one line each. */
export class ImportRejectedError extends InvalidDataError {
  override name = 'ImportRejectedError';

  constructor(readonly problems: string[]) {
    super(`The import file was rejected (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was imported.`);
  }
}

const text = (max: number) => z.string().trim().min(1).max(max);
/** Absent, null and empty all mean "none", stored as null. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const isoDate = z.string().refine(isIsoDate, (v) => ({ message: `"${v}" is not a date as YYYY-MM-DD` }));

const bsn = z
  .string()
  .superRefine((value, ctx) => {
    const problem = bsnProblem(value);
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  })
  .transform(normaliseBsn);

// Dutch postal codes never start with 0; letters may come in lower case or without the space.
const POSTAL_CODE = /^([1-9]\d{3}) ?([A-Za-z]{2})$/;
const postalCode = z
  .string()
  .trim()
  .refine(
    (v) => POSTAL_CODE.test(v),
    (v) => ({ message: `"${v}" is not a Dutch postal code like "1234 AB"` }),
  )
  .transform((v) => v.replace(POSTAL_CODE, (_, digits: string, letters: string) => `${digits} ${letters.toUpperCase()}`));

const municipalityCode = z.string().refine(
  (v) => /^\d{4}$/.test(v),
  (v) => ({ message: `"${v}" is not a municipality code: it must be 4 digits, like "0363"` }),
);

const location = {
  street: text(80),
  houseNumber: z.number().int().min(1).max(99999),
  houseNumberAddition: optionalText(10),
  postalCode,
  city: text(80),
};

const addressSchema = z.object({ ...location, municipalityCode, validFrom: isoDate }).strict();

const indicationSchema = z
  .object({ kind: z.enum(['PERMANENT', 'TEMPORARY']), assessedOn: isoDate, endsOn: isoDate.nullish() })
  .strict()
  .superRefine((indication, ctx) => {
    if (indication.kind === 'TEMPORARY' && indication.endsOn == null) {
      problem(ctx, 'endsOn', 'is required for a TEMPORARY indication');
    }
    if (indication.kind === 'PERMANENT' && indication.endsOn != null) {
      problem(ctx, 'endsOn', 'must be left out for a PERMANENT indication');
    }
    if (indication.endsOn != null && indication.endsOn <= indication.assessedOn) {
      problem(ctx, 'endsOn', `${indication.endsOn} must be after assessedOn ${indication.assessedOn}`);
    }
  });

const permitSchema = z
  .object({
    number: text(40),
    kind: z.enum(['B', 'P', 'BP']),
    validFrom: isoDate,
    expiresOn: isoDate,
    indication: indicationSchema,
  })
  .strict()
  .superRefine((permit, ctx) => {
    if (permit.expiresOn <= permit.validFrom) {
      problem(ctx, 'expiresOn', `${permit.expiresOn} must be after validFrom ${permit.validFrom}`);
    } else if (permit.expiresOn > isoPlusYears(permit.validFrom, MAX_PERMIT_YEARS)) {
      problem(
        ctx,
        'expiresOn',
        `${permit.expiresOn} is more than ${MAX_PERMIT_YEARS} years after validFrom ${permit.validFrom}; ` +
          `a GPK is valid at most ${MAX_PERMIT_YEARS} years`,
      );
    }
  });

/**
 * A Dutch registration (kenteken) as people write it ("AB-123-C", "ab123c"): six letters and
 * digits once the dashes and spaces are gone. Stored as the RDW writes it, upper case without dashes.
 */
const licencePlate = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .refine(
    (v) => /^[A-Z0-9]{6}$/.test(v) && /[A-Z]/.test(v) && /\d/.test(v),
    (v) => ({ message: `"${v}" is not a Dutch licence plate like "AB-123-C"` }),
  );

const zoneCode = z
  .string()
  .trim()
  .refine(
    (v) => /^[A-Z0-9][A-Z0-9-]{0,19}$/.test(v),
    (v) => ({ message: `"${v}" is not a zone code: capitals, digits and hyphens, like "C1"` }),
  );

/** A postcode area ("1234") or one full postcode ("1234 AB"), normalised like an address's. */
const zonePostalCode = z
  .string()
  .trim()
  .refine(
    (v) => /^[1-9]\d{3}$/.test(v) || POSTAL_CODE.test(v),
    (v) => ({ message: `"${v}" is neither a postcode area like "1234" nor a postcode like "1234 AB"` }),
  )
  .transform((v) =>
    /^[1-9]\d{3}$/.test(v)
      ? v
      : v.replace(POSTAL_CODE, (_, digits: string, letters: string) => `${digits} ${letters.toUpperCase()}`),
  );

const parkingZoneSchema = z
  .object({
    code: zoneCode,
    name: text(80),
    maxPermitsPerAddress: z.number().int().min(1).max(20),
    /** The yearly fee in euro cents (e.g. 5200 for EUR 52.00). */
    yearlyFeeCents: z.number().int().min(0).max(10_000_000),
    postalCodes: z.array(zonePostalCode).default([]),
    streets: z.array(text(80)).default([]),
  })
  .strict()
  .superRefine((zone, ctx) => {
    if (zone.postalCodes.length === 0 && zone.streets.length === 0)
      problem(ctx, 'postalCodes', 'a zone needs at least one postcode or street inside it');
  });

const parkingPermitSchema = z
  .object({
    number: text(40),
    zone: zoneCode,
    licencePlate,
    leaseDocumented: z.boolean().default(false),
    payment: z.object({ customerId: text(60), mandateId: text(60) }).strict(),
    validFrom: isoDate,
    expiresOn: isoDate,
    /** What the RDW and the payment provider say, for their stubs (like `register` for the BRP). */
    registers: z
      .object({
        vehicle: z.enum(['holder', 'other-holder']).default('holder'),
        mandate: z.enum(['valid', 'invalid']).default('valid'),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((permit, ctx) => {
    if (permit.expiresOn <= permit.validFrom) {
      problem(ctx, 'expiresOn', `${permit.expiresOn} must be after validFrom ${permit.validFrom}`);
    } else if (permit.expiresOn > isoPlusYears(permit.validFrom, MAX_PARKING_PERMIT_YEARS)) {
      problem(
        ctx,
        'expiresOn',
        `${permit.expiresOn} is more than ${MAX_PARKING_PERMIT_YEARS} year after validFrom ${permit.validFrom}; ` +
          'a resident parking permit is issued for a year at a time',
      );
    }
  });

/**
 * A disabled parking place reserved for the resident's licence plate by a traffic decree. It
 * belongs to a GPK holder, so the row also lists the GPK it goes with.
 */
const parkingPlaceSchema = z
  .object({
    decree: text(40),
    licencePlate,
    location: text(200),
    decreedOn: isoDate,
    withdrawnOn: isoDate.nullish().transform((v) => v ?? null),
    /** What the RDW says of the plate, for its stub (like `registers` of a parking permit). */
    registers: z
      .object({ vehicle: z.enum(['holder', 'other-holder']).default('holder') })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((place, ctx) => {
    if (place.withdrawnOn !== null && place.withdrawnOn < place.decreedOn)
      problem(ctx, 'withdrawnOn', `${place.withdrawnOn} is before decreedOn ${place.decreedOn}`);
  });

const registerSchema = z
  .discriminatedUnion('status', [
    z.object({ status: z.literal('registered') }).strict(),
    z
      .object({
        status: z.literal('moved'),
        municipality: z.object({ code: municipalityCode, name: text(80) }).strict(),
        address: z.object(location).strict().nullish(),
      })
      .strict(),
    z.object({ status: z.literal('deceased'), deceasedOn: isoDate }).strict(),
    z.object({ status: z.literal('emigrated'), country: text(60), emigratedOn: isoDate }).strict(),
  ])
  .default({ status: 'registered' });

/** Euros with at most two decimals (312.40), stored as whole cents. */
const euros = (max: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine(
      (v) => Number.isInteger(Math.round(v * 100)) && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6,
      (v) => ({ message: `${v} has more than two decimals; write an amount in euros like 312.40` }),
    )
    .transform((v) => Math.round(v * 100));

const year = z.number().int().min(2000).max(2100);

/** The waste levy the tax system assessed to this resident for a year (aanslag afvalstoffenheffing). */
const levyAssessmentSchema = z
  .object({ year, number: text(40), household: z.enum(['single', 'multi-person']), amount: euros(10_000) })
  .strict();

/** Whether the levy of a past year was remitted (kwijtschelding verleend of afgewezen). */
const remissionSchema = z.object({ year, granted: z.boolean() }).strict();

/**
 * What the Inlichtingenbureau knows of the resident's household, which Tijdig's stub answers a
 * remission check with; left out, the stub knows nothing (the answer "unknown").
 */
const incomeSchema = z
  .object({
    household: z.enum(['single', 'single-parent', 'couple']),
    netMonthlyIncome: euros(100_000).nullish(),
    assetsAboveNorm: z.boolean(),
    vehicleAboveNorm: z.boolean(),
    referenceDate: isoDate,
  })
  .strict();

/**
 * The municipality's own participation record of a household for a year (kindpakket, meedoenregeling),
 * kept on the resident who represents the household: the income as a whole percentage of the
 * social minimum, the household's size as the record knows it, and until when the assessment holds.
 */
const participationRecordSchema = z
  .object({
    year,
    incomePercentOfSocialMinimum: z.number().int().min(0).max(1000),
    householdSize: z.number().int().min(1).max(30),
    validUntil: isoDate,
    source: text(80),
  })
  .strict();

/** One row per year: two assessments or two remission decisions for one year contradict each other. */
const oncePerYear = <T extends { year: number }>(rows: T[], ctx: z.RefinementCtx, field: string) => {
  const seen = new Map<number, number>();
  rows.forEach((row, i) => {
    const first = seen.get(row.year);
    if (first === undefined) seen.set(row.year, i);
    else
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [field, i, 'year'],
        message: `${row.year} ${appearsAgain(`${field}[${first}]`)}`,
      });
  });
};

const residentSchema = z
  .object({
    bsn,
    givenNames: text(200),
    surnamePrefix: optionalText(20),
    surname: text(200),
    birthDate: isoDate,
    locale: z.enum(['nl', 'en']).default('nl'),
    address: addressSchema,
    permits: z.array(permitSchema).default([]),
    parkingPermits: z.array(parkingPermitSchema).default([]),
    register: registerSchema,
    levyAssessments: z.array(levyAssessmentSchema).default([]),
    remissions: z.array(remissionSchema).default([]),
    income: incomeSchema.nullish().transform((v) => v ?? null),
    parkingPlace: parkingPlaceSchema.nullish().transform((v) => v ?? null),
    participationRecords: z.array(participationRecordSchema).default([]),
  })
  .strict()
  .superRefine((resident, ctx) => {
    if (resident.parkingPlace !== null && resident.permits.length === 0)
      problem(ctx, 'parkingPlace', 'a disabled parking place belongs to a GPK holder: list the GPK in permits too');
    oncePerYear(resident.levyAssessments, ctx, 'levyAssessments');
    oncePerYear(resident.remissions, ctx, 'remissions');
    oncePerYear(resident.participationRecords, ctx, 'participationRecords');
  });

const envelopeSchema = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    parkingZones: z.array(z.unknown()).default([]),
    residents: z.array(z.unknown()),
  })
  .strict();

export type ImportResident = z.output<typeof residentSchema>;
export type ImportPermit = ImportResident['permits'][number];
export type ImportLevyAssessment = ImportResident['levyAssessments'][number];
export type ImportParkingPermit = ImportResident['parkingPermits'][number];
export type ImportParkingZone = z.output<typeof parkingZoneSchema>;
export type ImportParkingPlace = NonNullable<ImportResident['parkingPlace']>;
export interface ImportFile {
  formatVersion: typeof FORMAT_VERSION;
  parkingZones: ImportParkingZone[];
  residents: ImportResident[];
}
/** The file as written by hand or by a generator: defaults not yet filled in. */
export interface ImportFileInput {
  formatVersion: typeof FORMAT_VERSION;
  parkingZones?: z.input<typeof parkingZoneSchema>[];
  residents: z.input<typeof residentSchema>[];
}

/** The text of an import file as JSON, or a rejection saying why it is not JSON. */
export function parseImportJson(content: string): unknown {
  try {
    // Spreadsheet tools on Windows often save UTF-8 with a byte order mark.
    return JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ImportRejectedError([`the file is not valid JSON: ${(err as Error).message}`]);
  }
}

/** The validated, normalised file; throws ImportRejectedError listing every problem found. */
export function validateImportFile(input: unknown): ImportFile {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ImportRejectedError([
      `the file must hold one JSON object with "formatVersion": ${FORMAT_VERSION} and a list "residents"`,
    ]);
  }
  const version = (input as { formatVersion?: unknown }).formatVersion;
  if (version !== FORMAT_VERSION) {
    // Rows of another version cannot be read reliably, so checking them would only add noise.
    const expected = `this import reads files with "formatVersion": ${FORMAT_VERSION}`;
    throw new ImportRejectedError([
      version === undefined
        ? `formatVersion: is missing; ${expected}`
        : `formatVersion: ${JSON.stringify(version)} is not supported; ${expected}`,
    ]);
  }
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) throw new ImportRejectedError(envelope.error.issues.map((i) => describeIssue([], i)));

  const problems: string[] = [];
  const parkingZones: ImportParkingZone[] = [];
  const firstPlaceOfZone = new Map<string, string>();
  envelope.data.parkingZones.forEach((raw, index) => {
    const row: (string | number)[] = ['parkingZones', index];
    const parsed = parkingZoneSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => describeIssue(row, issue)));
      return;
    }
    parkingZones.push(parsed.data);
    const first = firstPlaceOfZone.get(parsed.data.code);
    if (first === undefined) firstPlaceOfZone.set(parsed.data.code, formatPath(row));
    else problems.push(`${formatPath([...row, 'code'])}: "${parsed.data.code}" ${appearsAgain(first)}`);
  });
  const residents: ImportResident[] = [];
  const firstRowOfBsn = new Map<string, number>();
  const firstPlaceOfPermit = new Map<string, string>();
  const firstPlaceOfAssessment = new Map<string, string>();
  const firstPlaceOfDecree = new Map<string, string>();
  envelope.data.residents.forEach((raw, index) => {
    const row: (string | number)[] = ['residents', index];
    const parsed = residentSchema.safeParse(raw);
    if (parsed.success) residents.push(parsed.data);
    else problems.push(...parsed.error.issues.map((issue) => describeIssue(row, issue)));

    // Duplicates are looked for in the raw rows too, so they are reported alongside a row's other problems.
    const fields =
      typeof raw === 'object' && raw !== null ? (raw as { bsn?: unknown; permits?: unknown; parkingPermits?: unknown }) : {};
    if (typeof fields.bsn === 'string' && bsnProblem(fields.bsn) === null) {
      const key = normaliseBsn(fields.bsn);
      const first = firstRowOfBsn.get(key);
      if (first === undefined) firstRowOfBsn.set(key, index);
      else problems.push(`${formatPath([...row, 'bsn'])}: "${fields.bsn}" ${appearsAgain(formatPath(['residents', first]))}`);
    }
    // A GPK and a parking permit share one register of numbers (the permit table).
    for (const list of ['permits', 'parkingPermits'] as const) {
      const permits = fields[list];
      if (!Array.isArray(permits)) continue;
      permits.forEach((permit: unknown, p) => {
        const number = typeof permit === 'object' && permit !== null ? (permit as { number?: unknown }).number : undefined;
        if (typeof number !== 'string' || number.trim() === '') return;
        const place = formatPath([...row, list, p]);
        const first = firstPlaceOfPermit.get(number.trim());
        if (first === undefined) firstPlaceOfPermit.set(number.trim(), place);
        else problems.push(`${place}.number: "${number}" ${appearsAgain(first)}`);
      });
    }
    const place = (fields as { parkingPlace?: unknown }).parkingPlace;
    const decree = typeof place === 'object' && place !== null ? (place as { decree?: unknown }).decree : undefined;
    if (typeof decree === 'string' && decree.trim() !== '') {
      const first = firstPlaceOfDecree.get(decree.trim());
      if (first === undefined) firstPlaceOfDecree.set(decree.trim(), formatPath([...row, 'parkingPlace']));
      else problems.push(`${formatPath([...row, 'parkingPlace', 'decree'])}: "${decree}" ${appearsAgain(first)}`);
    }
    const assessments = (fields as { levyAssessments?: unknown }).levyAssessments;
    if (Array.isArray(assessments)) {
      assessments.forEach((assessment: unknown, a) => {
        const raw =
          typeof assessment === 'object' && assessment !== null ? (assessment as { number?: unknown }).number : undefined;
        if (typeof raw !== 'string' || raw.trim() === '') return;
        const place = formatPath([...row, 'levyAssessments', a]);
        const first = firstPlaceOfAssessment.get(raw.trim());
        if (first === undefined) firstPlaceOfAssessment.set(raw.trim(), place);
        else problems.push(`${place}.number: "${raw}" ${appearsAgain(first)}`);
      });
    }
  });
  if (problems.length > 0) throw new ImportRejectedError(problems);
  return { formatVersion: FORMAT_VERSION, parkingZones, residents };
}

const appearsAgain = (firstPlace: string) => `appears more than once in the file (also at ${firstPlace})`;

/** A problem with one field of the object being refined. */
function problem(ctx: z.RefinementCtx, field: string, message: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
}

export function formatPath(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  float: 'a number with decimals',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};
const typeName = (type: string) => typeNames[type] ?? type;
const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** One line a person can act on: where in the file, then what is wrong. */
function describeIssue(prefix: (string | number)[], issue: z.ZodIssue): string {
  const path = [...prefix, ...issue.path];
  const where = path.length === 0 ? 'the file' : formatPath(path);
  return `${where}: ${explain(issue)}`;
}

function explain(issue: z.ZodIssue): string {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return 'is required';
      return `must be ${typeName(issue.expected)}, not ${typeName(issue.received)}`;
    case z.ZodIssueCode.invalid_enum_value:
      return `must be one of ${quoted(issue.options)}, not ${JSON.stringify(issue.received)}`;
    case z.ZodIssueCode.invalid_union_discriminator:
      return `must be one of ${quoted(issue.options)}`;
    case z.ZodIssueCode.invalid_literal:
      return `must be ${JSON.stringify(issue.expected)}`;
    case z.ZodIssueCode.unrecognized_keys:
      return `has ${issue.keys.length === 1 ? 'an unknown field' : 'unknown fields'} ${quoted(issue.keys)}`;
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return 'must not be empty';
      return `must be at least ${String(issue.minimum)}`;
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return `must be at most ${String(issue.maximum)} characters`;
      return `must be at most ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}
