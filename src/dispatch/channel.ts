import type { DispatchChannel as ChannelName, DispatchStatus } from '../db/client';

/** A request to send one stored letter to its resident. */
export interface DispatchRequest {
  letterId: number;
  /**
   * Derived from the renewal and the step that sends (STYLE.md, rule 4): a second request with
   * the same key returns the first dispatch instead of sending the letter again.
   */
  idempotencyKey: string;
  /** Not sent before this moment (an offer waiting its turn at the household's letterbox). */
  notBefore?: Date;
}

export interface DispatchReceipt {
  dispatchId: number;
  status: DispatchStatus;
  /** False when this key had been dispatched before and nothing new happened. */
  created: boolean;
}

/**
 * A way to get a letter to a resident. Today only paper post (a print street collects queued
 * letters in batches); MijnOverheid Berichtenbox and email via NotifyNL can come later as
 * further channels, each with its own value in the DispatchChannel enum.
 */
export interface DispatchChannel {
  readonly channel: ChannelName;
  /** Hands the letter to the channel. Idempotent on the request's key. */
  dispatch(request: DispatchRequest): Promise<DispatchReceipt>;
}
