import { z } from 'zod';
import { InvalidDataError } from '../../errors';
import { describeIssues, type Fetch, requestJson, trimBaseUrl } from '../http-client';

/**
 * A recurring charge on a customer's mandate, shaped after Mollie's Payments API
 * (`POST /v2/payments` with `sequenceType: "recurring"`, a `customerId` and a `mandateId`; amounts
 * as a currency and a decimal string; an `Idempotency-Key` header under which the provider answers
 * a repeated request with the first payment instead of charging again).
 */
export interface ChargeRequest {
  /** Tijdig's idempotency key: the provider makes one payment per key, however often it is sent. */
  idempotencyKey: string;
  amountCents: number;
  description: string;
  customerId: string;
  mandateId: string;
  metadata: Record<string, string | number>;
}

export interface ChargeResult {
  paymentId: string | null;
  /** paid, or failed: the bank refused the direct debit or the mandate is no longer valid. */
  status: 'paid' | 'failed';
  /** The provider's words for a refusal, for the case worker. */
  failureReason: string | null;
}

export interface PaymentClient {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export interface PaymentClientOptions {
  /** PAYMENT_API_URL: the provider's base URL, without /v2 (e.g. https://api.mollie.com). */
  baseUrl: string;
  apiKey: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

const SERVICE = 'payment provider';

const payment = z.object({
  resource: z.literal('payment'),
  id: z.string().min(1),
  status: z.enum(['open', 'pending', 'authorized', 'paid', 'failed', 'canceled', 'expired']),
  amount: z.object({ currency: z.string(), value: z.string() }),
  details: z.object({ bankReasonCode: z.string().optional(), bankReason: z.string().optional() }).optional(),
});

/** Mollie's error body: 422 names the field it could not accept (e.g. an invalid mandateId). */
const unprocessable = z.object({ status: z.literal(422), detail: z.string(), field: z.string().optional() });

export function euros(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export function createPaymentClient({
  baseUrl,
  apiKey,
  fetch = globalThis.fetch,
  timeoutMs = 15_000,
}: PaymentClientOptions): PaymentClient {
  const url = `${trimBaseUrl(baseUrl)}/v2/payments`;
  return {
    async charge(request) {
      const { status, body } = await requestJson({
        service: SERVICE,
        url,
        fetch,
        timeoutMs,
        accept: [422],
        init: {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/hal+json',
            authorization: `Bearer ${apiKey}`,
            'idempotency-key': request.idempotencyKey,
          },
          body: JSON.stringify({
            amount: { currency: 'EUR', value: euros(request.amountCents) },
            description: request.description,
            sequenceType: 'recurring',
            customerId: request.customerId,
            mandateId: request.mandateId,
            metadata: request.metadata,
          }),
        },
      });
      if (status === 422) {
        // The provider refuses to charge this mandate at all (revoked, unknown, another customer's):
        // for the resident the same as a refused debit, so a case worker looks at it.
        const refusal = unprocessable.safeParse(body);
        if (!refusal.success)
          throw new InvalidDataError(`payment provider answered 422 in an unknown shape: ${describeIssues(refusal.error)}`);
        return { paymentId: null, status: 'failed', failureReason: refusal.data.detail };
      }
      const parsed = payment.safeParse(body);
      if (!parsed.success)
        throw new InvalidDataError(`payment provider answer does not match the payment shape: ${describeIssues(parsed.error)}`);
      if (parsed.data.amount.value !== euros(request.amountCents))
        throw new InvalidDataError('payment provider answered with another amount');
      const { id, status: paymentStatus, details } = parsed.data;
      if (paymentStatus === 'paid') return { paymentId: id, status: 'paid', failureReason: null };
      if (paymentStatus === 'failed' || paymentStatus === 'canceled' || paymentStatus === 'expired')
        return { paymentId: id, status: 'failed', failureReason: details?.bankReason ?? paymentStatus };
      // A direct debit Mollie has not settled yet: asking again later (the same key) gives the result.
      throw new InvalidDataError(`payment ${id} is still ${paymentStatus}; Tijdig has no step that waits for a debit yet`);
    },
  };
}
