import type { Config } from '../config';
import type { Db } from '../db/client';
import type { DispatchChannel } from '../dispatch/channel';
import type { ProcessEngine } from '../engine/port';
import { renderLetter, type RenderLetter } from '../letters/render';
import type { Logger } from '../logger';
import { createBrpClient, type BrpClient } from '../registers/brp/client';
import { createCardProducerClient, type CardProducerClient } from '../registers/card-producer/client';
import { createInlichtingenbureauClient, type InlichtingenbureauClient } from '../registers/inlichtingenbureau/client';
import { createPaymentClient, type PaymentClient } from '../registers/payment/client';
import { createRdwClient, type RdwClient } from '../registers/rdw/client';
import { catalogueFile, loadCatalogue, type ServiceCatalogue } from '../service-catalogue';

/** What the renewal steps need from the outside world; tests pass real parts or local stand-ins. */
export interface RenewalContext {
  db: Db;
  config: Config;
  /** The services this municipality runs: each renewal's letters are signed as its entry says. */
  catalogue: ServiceCatalogue;
  logger: Logger;
  brp: BrpClient;
  cardProducer: CardProducerClient;
  /** Income data for the waste levy's remission check. */
  inlichtingenbureau: InlichtingenbureauClient;
  /** The RDW's vehicle register: is a parking permit's vehicle still the holder's. */
  rdw: RdwClient;
  /** The payment provider that charges a permit's fee on the holder's mandate. */
  payments: PaymentClient;
  renderLetter: RenderLetter;
  /** Paper post through the print street; other channels come later behind the same interface. */
  post: DispatchChannel;
  /** One service's step starting another service's process (a GPK not renewed starts its parking place's review). */
  processes: Pick<ProcessEngine, 'startByMessage'>;
  now(): Date;
}

/** The context with the registers and letters as configured. */
export function createRenewalContext(
  deps: Pick<RenewalContext, 'db' | 'config' | 'logger' | 'post' | 'processes' | 'now'> & { catalogue?: ServiceCatalogue },
): RenewalContext {
  return {
    ...deps,
    catalogue: deps.catalogue ?? loadCatalogue(catalogueFile(deps.config)),
    brp: createBrpClient({ baseUrl: deps.config.BRP_API_URL, apiKey: deps.config.BRP_API_KEY }),
    cardProducer: createCardProducerClient({ baseUrl: deps.config.CARD_PRODUCER_URL }),
    inlichtingenbureau: createInlichtingenbureauClient({
      baseUrl: deps.config.INLICHTINGENBUREAU_URL,
      apiKey: deps.config.INLICHTINGENBUREAU_API_KEY,
    }),
    rdw: createRdwClient({ baseUrl: deps.config.RDW_API_URL, apiKey: deps.config.RDW_API_KEY }),
    payments: createPaymentClient({ baseUrl: deps.config.PAYMENT_API_URL, apiKey: deps.config.PAYMENT_API_KEY }),
    renderLetter,
  };
}
