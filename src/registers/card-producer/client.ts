import { z } from 'zod';
import { InvalidDataError } from '../../errors';
import { describeIssues, type Fetch, requestJson, trimBaseUrl } from '../http-client';

/** An order for one new card, as the card producer takes it. */
export interface CardOrderRequest {
  /** Tijdig's idempotency key: the producer makes one card per reference, however often it is sent. */
  reference: string;
  kind: 'B' | 'P' | 'BP';
  cardNumber: string;
  holder: { name: string; addressLines: string[] };
  /** ISO dates (YYYY-MM-DD). */
  validFrom: string;
  validUntil: string;
}

export const PRODUCER_ORDER_STATUSES = ['RECEIVED', 'IN_PRODUCTION', 'SHIPPED'] as const;
export type ProducerOrderStatus = (typeof PRODUCER_ORDER_STATUSES)[number];

export interface CardOrderReceipt {
  orderId: string;
  status: ProducerOrderStatus;
  /** False when the producer already had an order with this reference (a retry). */
  created: boolean;
}

export interface CardOrderState {
  orderId: string;
  reference: string;
  status: ProducerOrderStatus;
}

export interface CardProducerClient {
  order(request: CardOrderRequest): Promise<CardOrderReceipt>;
  status(orderId: string): Promise<CardOrderState>;
}

export interface CardProducerClientOptions {
  /** CARD_PRODUCER_URL, e.g. https://.../api/v1 */
  baseUrl: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

const SERVICE = 'card producer';

const orderView = z.object({
  id: z.string().min(1),
  reference: z.string().min(1),
  status: z.enum(PRODUCER_ORDER_STATUSES),
});

export function createCardProducerClient({
  baseUrl,
  fetch = globalThis.fetch,
  timeoutMs = 10_000,
}: CardProducerClientOptions): CardProducerClient {
  const base = trimBaseUrl(baseUrl);
  const headers = { 'content-type': 'application/json', accept: 'application/json' };

  function parseOrder(body: unknown): z.infer<typeof orderView> {
    const parsed = orderView.safeParse(body);
    if (!parsed.success) {
      throw new InvalidDataError(`card producer answer does not match the order shape: ${describeIssues(parsed.error)}`);
    }
    return parsed.data;
  }

  return {
    async order(request) {
      const { status, body } = await requestJson({
        service: SERVICE,
        url: `${base}/orders`,
        fetch,
        timeoutMs,
        init: { method: 'POST', headers, body: JSON.stringify(request) },
      });
      const order = parseOrder(body);
      if (order.reference !== request.reference) {
        throw new InvalidDataError('card producer answered with an order for another reference');
      }
      return { orderId: order.id, status: order.status, created: status === 201 };
    },

    async status(orderId) {
      const { status, body } = await requestJson({
        service: SERVICE,
        url: `${base}/orders/${encodeURIComponent(orderId)}`,
        fetch,
        timeoutMs,
        init: { method: 'GET', headers: { accept: 'application/json' } },
        accept: [404],
      });
      if (status === 404) throw new InvalidDataError(`card producer does not know order ${orderId}`);
      const order = parseOrder(body);
      return { orderId: order.id, reference: order.reference, status: order.status };
    },
  };
}
