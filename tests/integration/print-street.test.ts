import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pdfParse from 'pdf-parse';
import { createPrintStreetChannel, type PrintBatchManifest, type PrintStreetChannel } from '../../src/dispatch/print-street';
import { exampleDate, exampleRecipient, exampleSender, letterExample } from '../../src/letters/examples';
import { renderLetter } from '../../src/letters/render';
import { LETTER_TEMPLATES } from '../../src/letters/templates';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createLetter, createRenewalWithHolder } from '../support/fixtures';

const now = new Date('2026-10-02T06:00:00.000Z');
const logger = createLogger('silent');

let database: TestDatabase;
let batchDir: string;
/** Real letters, each different, so a PDF under the wrong dispatch would show. */
let pdfs: Buffer[];

beforeAll(async () => {
  database = await createTestDatabase();
  pdfs = await Promise.all(
    LETTER_TEMPLATES.map(async (template, i) => {
      const letter = await renderLetter({
        template,
        locale: 'nl',
        sender: exampleSender,
        recipient: exampleRecipient,
        reference: `GPK-00000${i}`,
        date: exampleDate,
        data: letterExample(template, 'nl'),
      });
      return letter.pdf;
    }),
  );
});

afterAll(async () => {
  await database.drop();
});

beforeEach(async () => {
  batchDir = await mkdtemp(path.join(os.tmpdir(), 'tijdig-print-'));
  // Each test starts with an empty queue: a batch takes every queued dispatch in the database.
  await database.db.dispatch.deleteMany();
});

afterEach(async () => {
  await rm(batchDir, { recursive: true, force: true });
});

function channel(options: { maxBatchSize?: number; at?: Date } = {}): PrintStreetChannel {
  return createPrintStreetChannel({ db: database.db, batchDir, logger, now: () => options.at ?? now, ...options });
}

/** Queues `count` letters for the post and returns their letter ids and the holders' BSNs. */
async function queueLetters(post: PrintStreetChannel, count: number): Promise<{ dispatchIds: number[]; bsns: string[] }> {
  const dispatchIds: number[] = [];
  const bsns: string[] = [];
  for (let i = 0; i < count; i++) {
    const { resident, renewal } = await createRenewalWithHolder(database.db);
    const letter = await createLetter(database.db, renewal.id, pdfs[i % pdfs.length]!);
    const receipt = await post.dispatch({ letterId: letter.id, idempotencyKey: `post-${letter.id}` });
    dispatchIds.push(receipt.dispatchId);
    bsns.push(resident.bsn);
  }
  return { dispatchIds, bsns };
}

async function readManifest(dir: string): Promise<PrintBatchManifest> {
  return JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as PrintBatchManifest;
}

describe('print street', () => {
  it('when letters are queued and a batch runs, then the batch folder holds each PDF with a matching manifest and the dispatches are batched', async () => {
    const post = channel();
    const { dispatchIds, bsns } = await queueLetters(post, 3);

    const batch = await post.writeBatch();

    expect(batch).not.toBeNull();
    expect(batch!.count).toBe(3);
    expect(batch!.dir).toBe(path.join(batchDir, batch!.batchId));
    expect(await readdir(batchDir)).toEqual([batch!.batchId]);
    const manifest = await readManifest(batch!.dir);
    expect(manifest).toMatchObject({ batchId: batch!.batchId, createdAt: now.toISOString(), count: 3 });
    expect(manifest.items.map((item) => item.dispatchId)).toEqual(dispatchIds);
    for (const item of manifest.items) {
      const file = await readFile(path.join(batch!.dir, item.file));
      const dispatch = await database.db.dispatch.findUniqueOrThrow({
        where: { id: item.dispatchId },
        include: { letter: true },
      });
      expect(item.file).toBe(`${item.dispatchId}.pdf`);
      expect(createHash('sha256').update(file).digest('hex')).toBe(item.sha256);
      expect(file.equals(Buffer.from(dispatch.letter.pdf))).toBe(true);
      expect(item.reference).toBe(dispatch.letter.reference);
      expect(item.pages).toBe((await pdfParse(file)).numpages);
    }
    const manifestText = await readFile(path.join(batch!.dir, 'manifest.json'), 'utf8');
    for (const bsn of bsns) expect(manifestText).not.toContain(bsn);

    const dispatches = await database.db.dispatch.findMany({ where: { id: { in: dispatchIds } } });
    expect(dispatches).toHaveLength(3);
    for (const dispatch of dispatches) {
      expect(dispatch).toMatchObject({ status: 'BATCHED', batchId: batch!.batchId, batchedAt: now });
    }
  });

  it('when an offer must wait for its turn at the household, then no batch takes it before that day, and the first batch after does', async () => {
    const { renewal } = await createRenewalWithHolder(database.db);
    const letter = await createLetter(database.db, renewal.id, pdfs[0]!);
    const turn = new Date(now.getTime() + 7 * 86_400_000);
    await channel().dispatch({ letterId: letter.id, idempotencyKey: `post-${letter.id}`, notBefore: turn });

    expect(await channel({ at: new Date(turn.getTime() - 60_000) }).writeBatch()).toBeNull();
    expect((await channel({ at: turn }).writeBatch())?.count).toBe(1);
  });

  it('when a batch has run, then a second run finds nothing to send', async () => {
    const post = channel();
    await queueLetters(post, 2);
    const first = await post.writeBatch();

    const second = await post.writeBatch();

    expect(second).toBeNull();
    expect(await readdir(batchDir)).toEqual([first!.batchId]);
  });

  it('when the same letter is dispatched twice with one key, then it is queued once', async () => {
    const post = channel();
    const { renewal } = await createRenewalWithHolder(database.db);
    const letter = await createLetter(database.db, renewal.id, pdfs[0]!);

    const first = await post.dispatch({ letterId: letter.id, idempotencyKey: 'renewal-1:send-letter' });
    const again = await post.dispatch({ letterId: letter.id, idempotencyKey: 'renewal-1:send-letter' });

    expect(first).toMatchObject({ status: 'QUEUED', created: true });
    expect(again).toEqual({ ...first, created: false });
    expect(await database.db.dispatch.count({ where: { letterId: letter.id } })).toBe(1);
    const batch = await post.writeBatch();
    expect(batch!.count).toBe(1);
  });

  it('when two batch runs start at the same time, then every queued letter lands in exactly one batch', async () => {
    const { dispatchIds } = await queueLetters(channel(), 12);
    const first = channel({ maxBatchSize: 5 });
    const second = channel({ maxBatchSize: 5 });

    const concurrent = await Promise.all([first.writeBatch(), second.writeBatch()]);
    const batches = concurrent.filter((b) => b !== null);
    for (let next = await first.writeBatch(); next; next = await first.writeBatch()) batches.push(next);

    const listed: number[] = [];
    for (const batch of batches) {
      const manifest = await readManifest(batch.dir);
      const ids = manifest.items.map((item) => item.dispatchId);
      listed.push(...ids);
      const rows = await database.db.dispatch.findMany({ where: { id: { in: ids } } });
      expect(rows.every((row) => row.batchId === batch.batchId && row.status === 'BATCHED')).toBe(true);
    }
    expect(concurrent.filter((b) => b !== null).length).toBe(2);
    expect(listed.sort((a, b) => a - b)).toEqual(dispatchIds);
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('when a run committed a batch but stopped before publishing it, then the next run publishes it', async () => {
    const post = channel();
    const { dispatchIds } = await queueLetters(post, 1);
    // What a run leaves when it stops between its commit and the rename.
    const batchId = '20261001T060000Z-deadbeef';
    await database.db.dispatch.updateMany({
      where: { id: { in: dispatchIds } },
      data: { status: 'BATCHED', batchId, batchedAt: now },
    });
    const pending = path.join(batchDir, `.pending-${batchId}`);
    await mkdir(pending);
    await writeFile(path.join(pending, `${dispatchIds[0]}.pdf`), pdfs[0]!);
    await writeFile(path.join(pending, 'manifest.json'), '{}');

    const batch = await post.writeBatch();

    expect(batch).toBeNull();
    expect(await readdir(batchDir)).toEqual([batchId]);
    expect(await readdir(path.join(batchDir, batchId))).toEqual([`${dispatchIds[0]}.pdf`, 'manifest.json']);
  });

  it('when an old unfinished folder belongs to no committed batch, then a run removes it and sends its letters in a new batch', async () => {
    // What a run leaves when it stops before its commit: its letters were never marked batched.
    const { dispatchIds } = await queueLetters(channel(), 1);
    const pending = path.join(batchDir, '.pending-20261001T060000Z-0badf00d');
    await mkdir(pending);
    await writeFile(path.join(pending, `${dispatchIds[0]}.pdf`), 'half a PDF');
    const nextDay = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    await utimes(pending, now, now);

    const batch = await channel({ at: nextDay }).writeBatch();

    expect(await readdir(batchDir)).toEqual([batch!.batchId]);
    expect((await readManifest(batch!.dir)).items.map((item) => item.dispatchId)).toEqual(dispatchIds);
  });

  it('when an unfinished folder is recent, then a run leaves it to the run that may still be writing it', async () => {
    const pending = path.join(batchDir, '.pending-20261002T055900Z-1ce1ce1c');
    await mkdir(pending);
    await utimes(pending, now, now);

    const batch = await channel().writeBatch();

    expect(batch).toBeNull();
    expect(await readdir(batchDir)).toEqual(['.pending-20261002T055900Z-1ce1ce1c']);
  });
});
