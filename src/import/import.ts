import type { Db, Prisma } from '../db/client';
import {
  ImportRejectedError,
  formatPath,
  validateImportFile,
  type ImportLevyAssessment,
  type ImportParkingPermit,
  type ImportParkingPlace,
  type ImportParkingZone,
  type ImportPermit,
  type ImportResident,
} from './format';
import { fromIsoDate } from '../calendar-date';

/**
 * Imports residents, their address, parking cards, indications and register (BRP stub) data.
 * All or nothing: the file is validated completely first, then written in one transaction.
 * Importing a file again changes only what differs, so it can be rerun after a fix or as
 * a periodic refresh without creating duplicates.
 */
export interface ImportOptions {
  /** Municipality name the stub BRP gives residents still registered here (config MUNICIPALITY_NAME). */
  municipalityName: string;
}

export interface ImportCounts {
  created: number;
  /**
   * Existed and something about it changed: for a resident its data, address or register
   * entry; for a permit its dates, kind or indication.
   */
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  residents: ImportCounts;
  /** GPKs and resident parking permits together: they share one register of numbers. */
  permits: ImportCounts;
  /** Waste levy assessments, recognised by resident and year. */
  levyAssessments: ImportCounts;
  parkingZones: ImportCounts;
  /** Disabled parking places, recognised by their traffic decree. */
  parkingPlaces: ImportCounts;
}

/** Where an emigrant's BRP record goes (Haal Centraal's gemeenteVanInschrijving for a foreign address). */
const RNI = { code: '1999', name: 'Registratie Niet Ingezetenen (RNI)' } as const;

/** Rows per createMany and per `in` list: well below PostgreSQL's 65,535 bind parameters. */
const CHUNK_SIZE = 1000;

/** A municipality's whole register may take minutes; Prisma's default of 5 seconds would abort it. */
const TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000;

type Tx = Prisma.TransactionClient;

export async function importFile(db: Db, input: unknown, options: ImportOptions): Promise<ImportSummary> {
  const file = validateImportFile(input);
  return db.$transaction((tx) => write(tx, file.residents, file.parkingZones, options), {
    timeout: TRANSACTION_TIMEOUT_MS,
    maxWait: 10_000,
  });
}

async function write(tx: Tx, rows: ImportResident[], zones: ImportParkingZone[], options: ImportOptions): Promise<ImportSummary> {
  const existing = await loadExisting(tx, rows);
  const problems = [
    ...otherPeopleUnderKnownBsns(rows, existing.residentByBsn),
    ...permitsOfOthers(rows, existing.permitByNumber),
    ...assessmentsOfOthers(rows, existing.assessmentByNumber),
    ...decreesOfOthers(rows, existing.placeByDecree),
    ...(await unknownZones(tx, rows, zones)),
  ];
  if (problems.length > 0) throw new ImportRejectedError(problems);
  // Existing residents where anything changed; a new resident counts as created only.
  const changed = new Set<string>();
  const idOf = await writeResidents(tx, rows, existing, changed);
  await writeAddresses(tx, rows, existing, idOf, changed);
  const parkingZones = await writeParkingZones(tx, zones);
  const permits = await writePermits(tx, rows, existing, idOf);
  const parkingPermits = await writeParkingPermits(tx, rows, existing, idOf);
  await writeRegisterEntries(tx, rows, existing, options, changed);
  const levyAssessments = await writeLevyAssessments(tx, rows, idOf);
  await writeRemissions(tx, rows, idOf);
  await writeIncomeEntries(tx, rows);
  await writeVehicleAndMandateEntries(tx, rows);
  const parkingPlaces = await writeParkingPlaces(tx, rows, existing, idOf);
  await writeParticipationRecords(tx, rows, idOf);
  const known = existing.residentByBsn.size;
  return {
    residents: { created: rows.length - known, updated: changed.size, unchanged: known - changed.size },
    permits: {
      created: permits.created + parkingPermits.created,
      updated: permits.updated + parkingPermits.updated,
      unchanged: permits.unchanged + parkingPermits.unchanged,
    },
    levyAssessments,
    parkingZones,
    parkingPlaces,
  };
}

type Existing = Awaited<ReturnType<typeof loadExisting>>;
type IdOf = (bsn: string) => number;

async function loadExisting(tx: Tx, rows: ImportResident[]) {
  const bsns = rows.map((r) => r.bsn);
  const numbers = rows.flatMap((r) => [...r.permits, ...r.parkingPermits].map((p) => p.number));
  // One after the other: the queries of an interactive transaction share one connection.
  const residents = await inChunks(bsns, (chunk) =>
    tx.resident.findMany({ where: { bsn: { in: chunk } }, include: { addresses: { where: { validUntil: null } } } }),
  );
  const permits = await inChunks(numbers, (chunk) =>
    tx.permit.findMany({
      where: { number: { in: chunk } },
      include: { indications: true, resident: { select: { bsn: true } } },
    }),
  );
  const brpPersons = await inChunks(bsns, (chunk) => tx.stubBrpPerson.findMany({ where: { bsn: { in: chunk } } }));
  const assessments = await inChunks(
    rows.flatMap((r) => r.levyAssessments.map((a) => a.number)),
    (chunk) => tx.levyAssessment.findMany({ where: { number: { in: chunk } }, include: { resident: { select: { bsn: true } } } }),
  );
  const places = await inChunks(
    rows.flatMap((r) => (r.parkingPlace ? [r.parkingPlace.decree] : [])),
    (chunk) => tx.parkingPlace.findMany({ where: { decree: { in: chunk } }, include: { resident: { select: { bsn: true } } } }),
  );
  return {
    placeByDecree: new Map(places.map((p) => [p.decree, p])),
    residentByBsn: new Map(residents.map((r) => [r.bsn, r])),
    permitByNumber: new Map(permits.map((p) => [p.number, p])),
    brpByBsn: new Map(brpPersons.map((p) => [p.bsn, p])),
    assessmentByNumber: new Map(assessments.map((a) => [a.number, a])),
  };
}

/** Creates new residents in bulk, updates changed ones; returns how to find a resident's id. */
async function writeResidents(tx: Tx, rows: ImportResident[], existing: Existing, changed: Set<string>): Promise<IdOf> {
  const ids = new Map([...existing.residentByBsn.values()].map((r) => [r.bsn, r.id]));
  const newRows = rows.filter((r) => !existing.residentByBsn.has(r.bsn));
  for (const chunk of chunked(newRows)) await tx.resident.createMany({ data: chunk.map(residentData) });
  const created = await inChunks(
    newRows.map((r) => r.bsn),
    (chunk) => tx.resident.findMany({ where: { bsn: { in: chunk } }, select: { id: true, bsn: true } }),
  );
  for (const { id, bsn } of created) ids.set(bsn, id);

  for (const row of rows) {
    const current = existing.residentByBsn.get(row.bsn);
    if (current && differs(current, residentData(row))) {
      await tx.resident.update({ where: { id: current.id }, data: residentData(row) });
      changed.add(row.bsn);
    }
  }
  return (bsn) => {
    const id = ids.get(bsn);
    if (id === undefined) throw new Error('A resident written in this import could not be read back.');
    return id;
  };
}

/** Keeps the address history: a changed address closes the current one and opens a new one. */
async function writeAddresses(tx: Tx, rows: ImportResident[], existing: Existing, idOf: IdOf, changed: Set<string>) {
  const toCreate: Prisma.AddressCreateManyInput[] = [];
  for (const row of rows) {
    const wanted = addressData(row);
    const validFrom = fromIsoDate(row.address.validFrom);
    const current = existing.residentByBsn.get(row.bsn)?.addresses ?? [];
    const kept = current.find((a) => !differs(a, wanted));
    for (const old of current.filter((a) => a !== kept)) {
      // A corrected move date can lie before the old address's start; never end a period before it began.
      const validUntil = validFrom < old.validFrom ? old.validFrom : validFrom;
      await tx.address.update({ where: { id: old.id }, data: { validUntil } });
      changed.add(row.bsn);
    }
    if (!kept) {
      toCreate.push({ ...wanted, residentId: idOf(row.bsn), validFrom });
      if (existing.residentByBsn.has(row.bsn)) changed.add(row.bsn);
    } else if (kept.validFrom.getTime() !== validFrom.getTime()) {
      await tx.address.update({ where: { id: kept.id }, data: { validFrom } });
      changed.add(row.bsn);
    }
  }
  for (const chunk of chunked(toCreate)) await tx.address.createMany({ data: chunk });
}

/** Upserts permits by number; a permit's indication is replaced when it differs. */
async function writePermits(tx: Tx, rows: ImportResident[], existing: Existing, idOf: IdOf): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const newPermits: { permit: ImportPermit; residentId: number }[] = [];
  const indicationsToCreate: Prisma.IndicationCreateManyInput[] = [];
  for (const row of rows) {
    for (const permit of row.permits) {
      const current = existing.permitByNumber.get(permit.number);
      if (!current) {
        newPermits.push({ permit, residentId: idOf(row.bsn) });
        continue;
      }
      let updated = false;
      if (differs(current, permitData(permit))) {
        await tx.permit.update({ where: { id: current.id }, data: permitData(permit) });
        updated = true;
      }
      const indication = indicationData(permit);
      const [only, ...more] = current.indications;
      if (!only || more.length > 0 || differs(only, indication)) {
        await tx.indication.deleteMany({ where: { permitId: current.id } });
        indicationsToCreate.push({ ...indication, permitId: current.id, residentId: current.residentId });
        updated = true;
      }
      counts[updated ? 'updated' : 'unchanged'] += 1;
    }
  }

  for (const chunk of chunked(newPermits)) {
    const data = chunk.map(({ permit, residentId }) => ({ ...permitData(permit), number: permit.number, residentId }));
    await tx.permit.createMany({ data });
  }
  const created = await inChunks(
    newPermits.map((p) => p.permit.number),
    (chunk) => tx.permit.findMany({ where: { number: { in: chunk } }, select: { id: true, number: true } }),
  );
  const createdId = new Map(created.map((p) => [p.number, p.id]));
  for (const { permit, residentId } of newPermits) {
    const permitId = createdId.get(permit.number);
    if (permitId === undefined) throw new Error('A permit written in this import could not be read back.');
    indicationsToCreate.push({ ...indicationData(permit), permitId, residentId });
  }
  counts.created = newPermits.length;
  for (const chunk of chunked(indicationsToCreate)) await tx.indication.createMany({ data: chunk });
  return counts;
}

async function writeRegisterEntries(
  tx: Tx,
  rows: ImportResident[],
  existing: Existing,
  options: ImportOptions,
  changed: Set<string>,
) {
  const toCreate: Prisma.StubBrpPersonCreateManyInput[] = [];
  for (const row of rows) {
    const wanted = brpPersonData(row, options);
    const current = existing.brpByBsn.get(row.bsn);
    if (current && !differs(current, wanted)) continue;
    if (current) await tx.stubBrpPerson.update({ where: { bsn: row.bsn }, data: wanted });
    else toCreate.push(wanted);
    if (existing.residentByBsn.has(row.bsn)) changed.add(row.bsn);
  }
  for (const chunk of chunked(toCreate)) await tx.stubBrpPerson.createMany({ data: chunk });
}

/**
 * Upserts each resident's levy assessments by resident and year: a corrected amount or tariff
 * updates the year's assessment, the same file twice changes nothing.
 */
async function writeLevyAssessments(tx: Tx, rows: ImportResident[], idOf: IdOf): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const withLevy = rows.filter((r) => r.levyAssessments.length > 0);
  const current = await inChunks(
    withLevy.map((r) => idOf(r.bsn)),
    (chunk) => tx.levyAssessment.findMany({ where: { residentId: { in: chunk } } }),
  );
  const byKey = new Map(current.map((a) => [`${a.residentId}/${a.year}`, a]));
  const toCreate: Prisma.LevyAssessmentCreateManyInput[] = [];
  for (const row of withLevy) {
    const residentId = idOf(row.bsn);
    for (const assessment of row.levyAssessments) {
      const wanted = levyAssessmentData(assessment);
      const existing = byKey.get(`${residentId}/${assessment.year}`);
      if (!existing) {
        toCreate.push({ ...wanted, residentId, year: assessment.year });
      } else if (differs(existing, wanted)) {
        await tx.levyAssessment.update({ where: { id: existing.id }, data: wanted });
        counts.updated += 1;
      } else {
        counts.unchanged += 1;
      }
    }
  }
  for (const chunk of chunked(toCreate)) await tx.levyAssessment.createMany({ data: chunk });
  counts.created = toCreate.length;
  return counts;
}

/** The tax system's remission decisions of past years: what "granted last year" is read from. */
async function writeRemissions(tx: Tx, rows: ImportResident[], idOf: IdOf) {
  for (const row of rows) {
    const residentId = idOf(row.bsn);
    for (const remission of row.remissions) {
      await tx.remissionGrant.upsert({
        where: { residentId_year: { residentId, year: remission.year } },
        create: { residentId, year: remission.year, granted: remission.granted, source: 'import' },
        update: { granted: remission.granted, source: 'import' },
      });
    }
  }
}

/** The Inlichtingenbureau stub's entry is replaced by what the file says; no `income`, no entry. */
async function writeIncomeEntries(tx: Tx, rows: ImportResident[]) {
  const absent = rows.filter((r) => r.income === null).map((r) => r.bsn);
  for (const chunk of chunked(absent)) await tx.stubIncomeCheck.deleteMany({ where: { bsn: { in: chunk } } });
  for (const row of rows) {
    if (row.income === null) continue;
    const data = {
      household: row.income.household,
      netMonthlyIncomeCents: row.income.netMonthlyIncome ?? null,
      assetsAboveNorm: row.income.assetsAboveNorm,
      vehicleAboveNorm: row.income.vehicleAboveNorm,
      referenceDate: fromIsoDate(row.income.referenceDate),
    };
    await tx.stubIncomeCheck.upsert({ where: { bsn: row.bsn }, create: { bsn: row.bsn, ...data }, update: data });
  }
}

/**
 * The municipality's participation records, upserted by resident and year: a corrected percentage
 * or a renewed assessment replaces the year's record; the same file twice changes nothing.
 */
async function writeParticipationRecords(tx: Tx, rows: ImportResident[], idOf: IdOf) {
  for (const row of rows) {
    const residentId = idOf(row.bsn);
    for (const record of row.participationRecords) {
      const data = {
        incomePercentOfSocialMinimum: record.incomePercentOfSocialMinimum,
        householdSize: record.householdSize,
        validUntil: fromIsoDate(record.validUntil),
        source: record.source,
      };
      await tx.participationRecord.upsert({
        where: { residentId_year: { residentId, year: record.year } },
        create: { residentId, year: record.year, ...data },
        update: data,
      });
    }
  }
}

function levyAssessmentData(assessment: ImportLevyAssessment) {
  return { number: assessment.number, household: assessment.household, amountCents: assessment.amount };
}

/** An assessment number the tax system gave to another resident, or to another year, is a mistake in the file. */
function assessmentsOfOthers(
  rows: ImportResident[],
  assessmentByNumber: Map<string, { year: number; resident: { bsn: string } }>,
): string[] {
  const problems: string[] = [];
  rows.forEach((row, r) =>
    row.levyAssessments.forEach((assessment, a) => {
      const known = assessmentByNumber.get(assessment.number);
      if (known !== undefined && (known.resident.bsn !== row.bsn || known.year !== assessment.year)) {
        const place = formatPath(['residents', r, 'levyAssessments', a, 'number']);
        problems.push(
          `${place}: "${assessment.number}" is already the number of another resident's or another year's assessment`,
        );
      }
    }),
  );
  return problems;
}

/**
 * A row whose BSN Tijdig already knows updates that resident (a refresh, a corrected name or date
 * of birth), unless it describes someone else: another date of birth and another name at once. A
 * BSN belongs to one person, so then the BSN in the row is wrong (an example or test file imported
 * into real data, a spreadsheet row shifted), and merging the two would send one person's letters
 * about another's card. The message names neither person's data, only the row.
 */
function otherPeopleUnderKnownBsns(
  rows: ImportResident[],
  residentByBsn: Map<string, { givenNames: string; surname: string; birthDate: Date }>,
): string[] {
  const problems: string[] = [];
  rows.forEach((row, r) => {
    const known = residentByBsn.get(row.bsn);
    if (!known) return;
    const otherBirthDate = known.birthDate.getTime() !== fromIsoDate(row.birthDate).getTime();
    const otherName = known.givenNames !== row.givenNames || known.surname !== row.surname;
    if (otherBirthDate && otherName) {
      problems.push(
        `${formatPath(['residents', r, 'bsn'])}: "${row.bsn}" is already in Tijdig for a resident with another name and ` +
          'another date of birth; a BSN belongs to one person, so check the BSN in this row ' +
          '(to correct both the name and the date of birth of one resident, import the two changes one after the other)',
      );
    }
  });
  return problems;
}

/** A GPK is personal: a card number the register already holds for someone else is a mistake in the file. */
function permitsOfOthers(
  rows: ImportResident[],
  permitByNumber: Map<string, { service: string; resident: { bsn: string } }>,
): string[] {
  const problems: string[] = [];
  rows.forEach((row, r) =>
    (['permits', 'parkingPermits'] as const).forEach((list) =>
      row[list].forEach((permit, p) => {
        const known = permitByNumber.get(permit.number);
        const place = formatPath(['residents', r, list, p, 'number']);
        if (known !== undefined && known.resident.bsn !== row.bsn) {
          problems.push(`${place}: "${permit.number}" is already registered to another resident`);
        } else if (known !== undefined && known.service !== (list === 'permits' ? 'gpk' : PARKING_PERMIT_SERVICE)) {
          problems.push(`${place}: "${permit.number}" is already in Tijdig as a permit of another kind`);
        }
      }),
    ),
  );
  return problems;
}

/** The `service` of resident parking permits in the permit table (catalogue id). */
const PARKING_PERMIT_SERVICE = 'parking-permit';

/** A parking permit's zone must be in the file or already in Tijdig. */
async function unknownZones(tx: Tx, rows: ImportResident[], zones: ImportParkingZone[]): Promise<string[]> {
  const named = new Set(rows.flatMap((r) => r.parkingPermits.map((p) => p.zone)));
  if (named.size === 0) return [];
  const inFile = new Set(zones.map((z) => z.code));
  const stored = new Set(
    (await tx.parkingZone.findMany({ where: { code: { in: [...named] } }, select: { code: true } })).map((z) => z.code),
  );
  const problems: string[] = [];
  rows.forEach((row, r) =>
    row.parkingPermits.forEach((permit, p) => {
      if (!inFile.has(permit.zone) && !stored.has(permit.zone))
        problems.push(
          `${formatPath(['residents', r, 'parkingPermits', p, 'zone'])}: "${permit.zone}" is no zone in this file's parkingZones nor in Tijdig`,
        );
    }),
  );
  return problems;
}

/** Zones are recognised by code; their name, limit, fee and area take the file's values. */
async function writeParkingZones(tx: Tx, zones: ImportParkingZone[]): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const zone of zones) {
    const current = await tx.parkingZone.findUnique({ where: { code: zone.code } });
    if (!current) {
      await tx.parkingZone.create({ data: zone });
      counts.created += 1;
    } else if (JSON.stringify({ ...current }) !== JSON.stringify({ ...current, ...zone })) {
      await tx.parkingZone.update({ where: { code: zone.code }, data: zone });
      counts.updated += 1;
    } else counts.unchanged += 1;
  }
  return counts;
}

/** Upserts resident parking permits by number (service parking-permit, no kind, no indication). */
async function writeParkingPermits(tx: Tx, rows: ImportResident[], existing: Existing, idOf: IdOf): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  const toCreate: Prisma.PermitCreateManyInput[] = [];
  for (const row of rows) {
    for (const permit of row.parkingPermits) {
      const data = parkingPermitData(permit);
      const current = existing.permitByNumber.get(permit.number);
      if (!current) toCreate.push({ ...data, number: permit.number, residentId: idOf(row.bsn) });
      else if (differs(current, data)) {
        await tx.permit.update({ where: { id: current.id }, data });
        counts.updated += 1;
      } else counts.unchanged += 1;
    }
  }
  for (const chunk of chunked(toCreate)) await tx.permit.createMany({ data: chunk });
  counts.created = toCreate.length;
  return counts;
}

function parkingPermitData(permit: ImportParkingPermit) {
  return {
    service: PARKING_PERMIT_SERVICE,
    kind: null,
    validFrom: fromIsoDate(permit.validFrom),
    expiresOn: fromIsoDate(permit.expiresOn),
    zoneCode: permit.zone,
    licencePlate: permit.licencePlate,
    leaseDocumented: permit.leaseDocumented,
    paymentCustomerId: permit.payment.customerId,
    paymentMandateId: permit.payment.mandateId,
  };
}

/**
 * The RDW stub's registration of each permit's vehicle and the payment stub's mandate, as the
 * file's `registers` say: replaced on every import, like the stub BRP's entry.
 */
async function writeVehicleAndMandateEntries(tx: Tx, rows: ImportResident[]) {
  for (const row of rows) {
    for (const permit of row.parkingPermits) {
      const vehicle = {
        holderBsn: permit.registers.vehicle === 'holder' ? row.bsn : null,
        registeredOn: fromIsoDate(permit.validFrom),
      };
      await tx.stubRdwVehicle.upsert({
        where: { kenteken: permit.licencePlate },
        create: { kenteken: permit.licencePlate, ...vehicle },
        update: vehicle,
      });
      const mandate = { customerId: permit.payment.customerId, status: permit.registers.mandate };
      await tx.stubPaymentMandate.upsert({
        where: { id: permit.payment.mandateId },
        create: { id: permit.payment.mandateId, ...mandate },
        update: mandate,
      });
    }
  }
}

/** A traffic decree reserves a place for one holder: the same decree under another resident is a mistake in the file. */
function decreesOfOthers(rows: ImportResident[], placeByDecree: Map<string, { resident: { bsn: string } }>): string[] {
  return rows.flatMap((row, r) => {
    const known = row.parkingPlace ? placeByDecree.get(row.parkingPlace.decree) : undefined;
    return known !== undefined && known.resident.bsn !== row.bsn
      ? [
          `${formatPath(['residents', r, 'parkingPlace', 'decree'])}: "${row.parkingPlace!.decree}" is another resident's parking place in Tijdig`,
        ]
      : [];
  });
}

/** Places are recognised by decree; plate, location and dates take the file's values, and the RDW stub learns the plate. */
async function writeParkingPlaces(tx: Tx, rows: ImportResident[], existing: Existing, idOf: IdOf): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
  for (const row of rows) {
    const place = row.parkingPlace;
    if (!place) continue;
    const data = parkingPlaceData(place);
    const current = existing.placeByDecree.get(place.decree);
    if (!current) {
      await tx.parkingPlace.create({ data: { ...data, decree: place.decree, residentId: idOf(row.bsn) } });
      counts.created += 1;
    } else if (differs(current, data)) {
      await tx.parkingPlace.update({ where: { id: current.id }, data });
      counts.updated += 1;
    } else counts.unchanged += 1;
    const vehicle = {
      holderBsn: place.registers.vehicle === 'holder' ? row.bsn : null,
      registeredOn: fromIsoDate(place.decreedOn),
    };
    await tx.stubRdwVehicle.upsert({
      where: { kenteken: place.licencePlate },
      create: { kenteken: place.licencePlate, ...vehicle },
      update: vehicle,
    });
  }
  return counts;
}

function parkingPlaceData(place: ImportParkingPlace) {
  return {
    licencePlate: place.licencePlate,
    location: place.location,
    decreedOn: fromIsoDate(place.decreedOn),
    withdrawnOn: place.withdrawnOn ? fromIsoDate(place.withdrawnOn) : null,
  };
}

function residentData(row: ImportResident) {
  return {
    bsn: row.bsn,
    givenNames: row.givenNames,
    surnamePrefix: row.surnamePrefix,
    surname: row.surname,
    birthDate: fromIsoDate(row.birthDate),
    locale: row.locale,
  };
}

/** The fields that make an address the same place; validFrom is compared apart. */
function addressData(row: ImportResident) {
  const { street, houseNumber, houseNumberAddition, postalCode, city, municipalityCode } = row.address;
  return { street, houseNumber, houseNumberAddition, postalCode, city, municipalityCode };
}

function permitData(permit: ImportPermit) {
  return { kind: permit.kind, validFrom: fromIsoDate(permit.validFrom), expiresOn: fromIsoDate(permit.expiresOn) };
}

function indicationData(permit: ImportPermit) {
  const { kind, assessedOn, endsOn } = permit.indication;
  return { kind, assessedOn: fromIsoDate(assessedOn), endsOn: endsOn ? fromIsoDate(endsOn) : null };
}

/** The stub BRP's record of this person, shaped after what the real BRP would answer. */
function brpPersonData(row: ImportResident, options: ImportOptions): Prisma.StubBrpPersonCreateManyInput {
  const person = { bsn: row.bsn, givenNames: row.givenNames, surnamePrefix: row.surnamePrefix, surname: row.surname };
  const { street, houseNumber, houseNumberAddition, postalCode, city, municipalityCode } = row.address;
  const here = {
    ...person,
    municipalityCode,
    municipalityName: options.municipalityName,
    street,
    houseNumber,
    houseNumberAddition,
    postalCode,
    city,
    foreignCountry: null,
    deceasedOn: null,
    suspensionReason: null,
  };
  const register = row.register;
  switch (register.status) {
    case 'registered':
      return here;
    case 'deceased':
      // The BRP keeps the last address of a deceased person and suspends the record (reason O).
      return { ...here, deceasedOn: fromIsoDate(register.deceasedOn), suspensionReason: 'O' };
    case 'moved':
      return {
        ...here,
        municipalityCode: register.municipality.code,
        municipalityName: register.municipality.name,
        street: register.address?.street ?? null,
        houseNumber: register.address?.houseNumber ?? null,
        houseNumberAddition: register.address?.houseNumberAddition ?? null,
        postalCode: register.address?.postalCode ?? null,
        city: register.address?.city ?? null,
      };
    case 'emigrated':
      return {
        ...here,
        municipalityCode: RNI.code,
        municipalityName: RNI.name,
        street: null,
        houseNumber: null,
        houseNumberAddition: null,
        postalCode: null,
        city: null,
        foreignCountry: register.country,
        suspensionReason: 'E',
      };
  }
}

/** True when any field of `wanted` has another value in `current` (dates compared by time). */
function differs(current: object, wanted: Record<string, unknown>): boolean {
  const values = current as Record<string, unknown>;
  return Object.entries(wanted).some(([key, value]) => {
    const now = values[key];
    if (now instanceof Date && value instanceof Date) return now.getTime() !== value.getTime();
    return now !== value;
  });
}

function chunked<T>(items: T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_SIZE) chunks.push(items.slice(i, i + CHUNK_SIZE));
  return chunks;
}

async function inChunks<K, T>(keys: K[], find: (chunk: K[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (const chunk of chunked(keys)) found.push(...(await find(chunk)));
  return found;
}
