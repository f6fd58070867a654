import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { z } from 'zod';
import { type Db, Prisma } from '../../db/client';
import type { Logger } from '../../logger';
import { type InvalidParam, paramsProblem, problemErrorHandler, sendProblem } from '../problem';

/**
 * A local stand-in for the card producer's order API. There is no public standard, so it is a
 * plain REST API whose one promise matters most: an order is keyed by the caller's reference,
 * so sending the same order again never produces a second card.
 */
export interface CardProducerStubDeps {
  db: Db;
  logger: Logger;
}

/** Statuses the stub gives an order; a new order is always RECEIVED. */
export const STUB_ORDER_STATUSES = ['RECEIVED', 'IN_PRODUCTION', 'SHIPPED'] as const;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (value) => !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value),
    'is not a calendar date',
  );

const orderRequest = z
  .object({
    reference: z.string().min(1).max(200),
    kind: z.enum(['B', 'P', 'BP']),
    cardNumber: z.string().min(1).max(50),
    holder: z
      .object({
        name: z.string().min(1).max(200),
        addressLines: z.array(z.string().min(1).max(100)).min(2).max(6),
      })
      .strict(),
    validFrom: isoDate,
    validUntil: isoDate,
  })
  .strict()
  .refine((order) => order.validUntil > order.validFrom, { path: ['validUntil'], message: 'must be after validFrom' });

interface OrderView {
  id: string;
  reference: string;
  status: string;
}

export function createCardProducerStub({ db, logger }: CardProducerStubDeps): Express {
  const app = express();
  app.use(express.json({ limit: '100kb' }));

  app.post('/orders', async (req, res) => {
    const parsed = orderRequest.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendProblem(res, paramsProblem(req, parsed.error.issues.map(toInvalidParam)));
      return;
    }
    const order = parsed.data;
    const existing = await db.stubCardOrder.findUnique({ where: { reference: order.reference } });
    if (existing) {
      res.status(200).json(view(existing));
      return;
    }
    try {
      const created = await db.stubCardOrder.create({
        data: { id: randomUUID(), reference: order.reference, payload: order, status: 'RECEIVED' },
      });
      logger.info({ orderId: created.id, kind: order.kind }, 'card producer stub received an order');
      res.status(201).location(`${req.baseUrl}/orders/${created.id}`).json(view(created));
    } catch (err) {
      // Two copies of the same order raced past the lookup; the unique reference let one in.
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
      const winner = await db.stubCardOrder.findUniqueOrThrow({ where: { reference: order.reference } });
      res.status(200).json(view(winner));
    }
  });

  app.get('/orders/:id', async (req, res) => {
    const order = await db.stubCardOrder.findUnique({ where: { id: req.params.id } });
    if (!order) {
      sendProblem(res, {
        type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.4',
        title: 'Order not found.',
        status: 404,
        code: 'notFound',
        instance: req.originalUrl,
      });
      return;
    }
    res.json(view(order));
  });

  app.use(problemErrorHandler(logger));
  return app;
}

function view(order: OrderView): OrderView {
  return { id: order.id, reference: order.reference, status: order.status };
}

/** A zod issue in the invalidParams shape; the reason never repeats the value (it may be a name). */
function toInvalidParam(issue: z.ZodIssue): InvalidParam {
  const name = issue.path.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part),
    '',
  );
  const reason = issue.code === 'invalid_enum_value' ? `must be one of ${issue.options.join(', ')}` : issue.message;
  return { code: issue.code, name: name || 'body', reason };
}
