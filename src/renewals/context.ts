import type { Config } from '../config';
import type { Db } from '../db/client';
import type { DispatchChannel } from '../dispatch/channel';
import type { RenderLetter } from '../letters/render';
import type { Logger } from '../logger';
import type { BrpClient } from '../registers/brp/client';
import type { CardProducerClient } from '../registers/card-producer/client';

/** What the renewal steps need from the outside world; tests pass real parts or local stand-ins. */
export interface RenewalContext {
  db: Db;
  config: Config;
  logger: Logger;
  brp: BrpClient;
  cardProducer: CardProducerClient;
  renderLetter: RenderLetter;
  /** Paper post through the print street; other channels come later behind the same interface. */
  post: DispatchChannel;
  now(): Date;
}
