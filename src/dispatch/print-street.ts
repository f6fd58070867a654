import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Prisma, type Db, type Dispatch } from '../db/client';
import { InvalidDataError } from '../errors';
import type { Logger } from '../logger';
import type { DispatchChannel, DispatchReceipt } from './channel';

/** One folder the print street picks up: `<batchDir>/<batchId>/` with the PDFs and manifest.json. */
export interface PrintBatch {
  batchId: string;
  count: number;
  dir: string;
}

/** What the print street reads; it holds no BSN or other personal data beyond the PDFs themselves. */
export interface PrintBatchManifest {
  batchId: string;
  createdAt: string;
  channel: 'POST';
  count: number;
  items: {
    dispatchId: number;
    letterId: number;
    reference: string;
    file: string;
    pages: number;
    sha256: string;
  }[];
}

export interface PrintStreetChannel extends DispatchChannel {
  readonly channel: 'POST';
  /**
   * Collects every queued post dispatch (up to the batch size) into a new batch folder and marks
   * them BATCHED; null when nothing is queued. Safe to run from several processes at once.
   */
  writeBatch(): Promise<PrintBatch | null>;
}

export interface PrintStreetOptions {
  db: Db;
  batchDir: string;
  logger: Logger;
  now?: () => Date;
  /** Letters per batch; bounds memory and the time rows stay locked. */
  maxBatchSize?: number;
}

/** A batch folder is written under this name and renamed to the batch id only when complete. */
const PENDING_PREFIX = '.pending-';
const TRANSACTION_TIMEOUT_MS = 5 * 60_000;
/** An unpublished folder older than this belongs to no running transaction any more. */
const STALE_PENDING_MS = 2 * TRANSACTION_TIMEOUT_MS;

function newBatchId(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

function countPages(pdf: Buffer): number {
  // Tijdig's PDFs (pdfkit) keep page objects uncompressed, so each page shows as "/Type /Page".
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

async function writeDurably(file: string, data: Buffer | string): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const isCode = (err: unknown, code: string): boolean => (err as NodeJS.ErrnoException).code === code;

/**
 * Paper post through a print street. A dispatch is only queued; `writeBatch` (run on a schedule)
 * hands the queued letters over as one folder. The database commit decides what is in a batch:
 * the folder is complete before the commit and gets its final name after it, so a crash leaves
 * either queued letters (picked up by the next run) or a committed batch that the next run
 * finishes publishing, never a half batch under a final name.
 */
export function createPrintStreetChannel(options: PrintStreetOptions): PrintStreetChannel {
  const { db, batchDir } = options;
  const now = options.now ?? (() => new Date());
  const maxBatchSize = options.maxBatchSize ?? 500;
  const logger = options.logger.child({ channel: 'POST' });

  function receipt(dispatch: Dispatch, letterId: number, created: boolean): DispatchReceipt {
    if (dispatch.letterId !== letterId || dispatch.channel !== 'POST') {
      throw new InvalidDataError(
        `Dispatch key ${dispatch.idempotencyKey} was used before for letter ${dispatch.letterId} (${dispatch.channel})`,
      );
    }
    return { dispatchId: dispatch.id, status: dispatch.status, created };
  }

  /** Moves a complete folder to its final name; another run may have done so already. */
  async function publish(batchId: string): Promise<string> {
    const finalDir = path.join(batchDir, batchId);
    try {
      await rename(path.join(batchDir, PENDING_PREFIX + batchId), finalDir);
    } catch (err) {
      if (!isCode(err, 'ENOENT')) throw err;
      await stat(finalDir);
    }
    await syncDirectory(batchDir);
    return finalDir;
  }

  async function recoverPendingBatches(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(batchDir);
    } catch (err) {
      if (isCode(err, 'ENOENT')) return;
      throw err;
    }
    for (const name of names.filter((n) => n.startsWith(PENDING_PREFIX))) {
      const batchId = name.slice(PENDING_PREFIX.length);
      if ((await db.dispatch.count({ where: { batchId } })) > 0) {
        await publish(batchId);
        logger.warn({ batchId }, 'published a print batch that an earlier run committed but did not rename');
        continue;
      }
      const pending = path.join(batchDir, name);
      const age = now().getTime() - (await stat(pending)).mtime.getTime();
      if (age > STALE_PENDING_MS) {
        await rm(pending, { recursive: true, force: true });
        logger.warn({ batchId }, 'removed an unfinished print batch whose run did not commit');
      }
    }
  }

  return {
    channel: 'POST',

    async dispatch({ letterId, idempotencyKey, notBefore }) {
      const existing = await db.dispatch.findUnique({ where: { idempotencyKey } });
      if (existing) return receipt(existing, letterId, false);
      try {
        const created = await db.dispatch.create({ data: { letterId, idempotencyKey, channel: 'POST', notBefore } });
        logger.info({ dispatchId: created.id, letterId }, 'letter queued for the print street');
        return receipt(created, letterId, true);
      } catch (err) {
        // Another handler run created it between our read and our insert.
        if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
        return receipt(await db.dispatch.findUniqueOrThrow({ where: { idempotencyKey } }), letterId, false);
      }
    },

    async writeBatch() {
      await mkdir(batchDir, { recursive: true });
      await recoverPendingBatches();
      const createdAt = now();
      const batchId = newBatchId(createdAt);
      const pendingDir = path.join(batchDir, PENDING_PREFIX + batchId);

      let count: number;
      try {
        count = await db.$transaction(
          async (tx) => {
            // SKIP LOCKED: a concurrent run passes over the rows this one holds, so no dispatch
            // ends up in two batches and neither run waits for the other.
            const claimed = await tx.$queryRaw<{ id: number }[]>`
              SELECT id FROM dispatch
              WHERE status = 'QUEUED' AND channel = 'POST' AND ("notBefore" IS NULL OR "notBefore" <= ${createdAt})
              ORDER BY id
              LIMIT ${maxBatchSize}
              FOR UPDATE SKIP LOCKED`;
            if (claimed.length === 0) return 0;
            const ids = claimed.map((row) => row.id);
            const dispatches = await tx.dispatch.findMany({
              where: { id: { in: ids } },
              orderBy: { id: 'asc' },
              select: { id: true, letter: { select: { id: true, reference: true, pdf: true } } },
            });
            await mkdir(pendingDir);
            const items: PrintBatchManifest['items'] = [];
            for (const { id, letter } of dispatches) {
              const pdf = Buffer.from(letter.pdf);
              const file = `${id}.pdf`;
              await writeDurably(path.join(pendingDir, file), pdf);
              items.push({
                dispatchId: id,
                letterId: letter.id,
                reference: letter.reference,
                file,
                pages: countPages(pdf),
                sha256: createHash('sha256').update(pdf).digest('hex'),
              });
            }
            const manifest: PrintBatchManifest = {
              batchId,
              createdAt: createdAt.toISOString(),
              channel: 'POST',
              count: items.length,
              items,
            };
            await writeDurably(path.join(pendingDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
            await syncDirectory(pendingDir);
            await tx.dispatch.updateMany({
              where: { id: { in: ids } },
              data: { status: 'BATCHED', batchId, batchedAt: createdAt },
            });
            return items.length;
          },
          { timeout: TRANSACTION_TIMEOUT_MS },
        );
      } catch (err) {
        await rm(pendingDir, { recursive: true, force: true });
        throw err;
      }
      if (count === 0) return null;
      const dir = await publish(batchId);
      logger.info({ batchId, count }, 'print batch written');
      return { batchId, count, dir };
    },
  };
}
