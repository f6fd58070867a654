import { randomBytes } from 'node:crypto';
import express, { type Express, type Response } from 'express';
import { z } from 'zod';
import { type Db, Prisma, type StubPayment } from '../../db/client';
import type { Logger } from '../../logger';
import { problemErrorHandler } from '../problem';

/**
 * A local stand-in for a payment provider with Mollie's shape: `POST /v2/payments` with a bearer
 * key, a recurring charge on a customer's mandate, amounts as `{ currency, value }`, errors as
 * Mollie writes them (`{ status, title, detail, field }`), and the `Idempotency-Key` header: the
 * same key answers with the first payment, so a retried charge charges once. A charge on a valid
 * mandate (stub_payment_mandate, filled by the import's `registers.mandate`) is paid at once, on
 * an invalid one it fails as a refused direct debit; an unknown mandate is refused with 422.
 */
export interface PaymentStubDeps {
  db: Db;
  apiKey: string;
  logger: Logger;
}

const amount = z.object({ currency: z.literal('EUR'), value: z.string().regex(/^\d+\.\d{2}$/, 'must be like "52.00"') });
const paymentRequest = z.object({
  amount,
  description: z.string().min(1).max(255),
  sequenceType: z.literal('recurring'),
  customerId: z.string().regex(/^cst_\w+$/, 'must be a customer id like cst_...'),
  mandateId: z.string().regex(/^mdt_\w+$/, 'must be a mandate id like mdt_...'),
  metadata: z.record(z.unknown()).optional(),
});

function mollieError(res: Response, status: number, title: string, detail: string, field?: string) {
  res
    .status(status)
    .type('application/hal+json')
    .send(JSON.stringify({ status, title, detail, ...(field ? { field } : {}) }));
}

export function createPaymentStub({ db, apiKey, logger }: PaymentStubDeps): Express {
  const app = express();
  app.use(express.json({ limit: '20kb' }));

  app.post('/v2/payments', async (req, res) => {
    if (req.get('Authorization') !== `Bearer ${apiKey}`) {
      mollieError(res, 401, 'Unauthorized Request', 'Missing authentication, or failed to authenticate');
      return;
    }
    const idempotencyKey = req.get('Idempotency-Key');
    const parsed = paymentRequest.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      mollieError(res, 422, 'Unprocessable Entity', `The ${issue.path.join('.')} ${issue.message}`, issue.path.join('.'));
      return;
    }
    const body = parsed.data;
    if (idempotencyKey) {
      const earlier = await db.stubPayment.findUnique({ where: { idempotencyKey } });
      if (earlier) {
        res
          .status(201)
          .type('application/hal+json')
          .send(JSON.stringify(view(earlier, req.baseUrl)));
        return;
      }
    }
    const mandate = await db.stubPaymentMandate.findUnique({ where: { id: body.mandateId } });
    if (!mandate || mandate.customerId !== body.customerId) {
      mollieError(res, 422, 'Unprocessable Entity', 'The mandate id is invalid', 'mandateId');
      return;
    }
    const amountCents = Math.round(Number(body.amount.value) * 100);
    try {
      const created = await db.stubPayment.create({
        data: {
          id: `tr_${randomBytes(6).toString('hex')}`,
          // Without the header every request is a new payment, as with the real provider.
          idempotencyKey: idempotencyKey ?? `none-${randomBytes(8).toString('hex')}`,
          customerId: body.customerId,
          mandateId: body.mandateId,
          amountCents,
          description: body.description,
          status: mandate.status === 'valid' ? 'paid' : 'failed',
        },
      });
      logger.info({ paymentId: created.id, status: created.status }, 'payment stub charged a mandate');
      res
        .status(201)
        .type('application/hal+json')
        .send(JSON.stringify(view(created, req.baseUrl)));
    } catch (err) {
      // Two copies of the same charge raced past the lookup; the unique key let one in.
      if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') || !idempotencyKey) throw err;
      const winner = await db.stubPayment.findUniqueOrThrow({ where: { idempotencyKey } });
      res
        .status(201)
        .type('application/hal+json')
        .send(JSON.stringify(view(winner, req.baseUrl)));
    }
  });

  app.use(problemErrorHandler(logger));
  return app;
}

function view(payment: StubPayment, baseUrl: string) {
  const cents = payment.amountCents;
  return {
    resource: 'payment',
    id: payment.id,
    mode: 'test',
    status: payment.status,
    amount: { currency: 'EUR', value: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}` },
    description: payment.description,
    sequenceType: 'recurring',
    customerId: payment.customerId,
    mandateId: payment.mandateId,
    createdAt: payment.createdAt.toISOString(),
    ...(payment.status === 'paid' ? { paidAt: payment.createdAt.toISOString() } : {}),
    ...(payment.status === 'failed'
      ? { failedAt: payment.createdAt.toISOString(), details: { bankReasonCode: 'MD01', bankReason: 'No mandate' } }
      : {}),
    _links: { self: { href: `${baseUrl}/v2/payments/${payment.id}`, type: 'application/hal+json' } },
  };
}
