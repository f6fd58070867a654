import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { createBrpStub } from './brp/stub-server';
import { createCardProducerStub } from './card-producer/stub-server';
import { createInlichtingenbureauStub } from './inlichtingenbureau/stub-server';
import { createPaymentStub } from './payment/stub-server';
import { createRdwStub } from './rdw/stub-server';

export interface RegisterStubs {
  /** Base URL the BRP stub answers on (the configured one, with the real port when it was 0). */
  brpUrl: string;
  cardProducerUrl: string;
  inlichtingenbureauUrl: string;
  rdwUrl: string;
  paymentUrl: string;
  stop(): Promise<void>;
}

export interface RegisterStubsDeps {
  db: Db;
  /** The registers every caller names; the others get a free port when a caller does not need them. */
  config: Pick<Config, 'BRP_API_URL' | 'BRP_API_KEY' | 'CARD_PRODUCER_URL'> &
    Partial<
      Pick<
        Config,
        | 'INLICHTINGENBUREAU_URL'
        | 'INLICHTINGENBUREAU_API_KEY'
        | 'RDW_API_URL'
        | 'RDW_API_KEY'
        | 'PAYMENT_API_URL'
        | 'PAYMENT_API_KEY'
      >
    >;
  logger: Logger;
}

/**
 * Local mode: serve the register stubs (BRP, card producer, Inlichtingenbureau, RDW, payment provider) exactly where the configuration says the
 * registers are, so the clients need no other setting to reach them.
 */
export async function startRegisterStubs({ db, config, logger }: RegisterStubsDeps): Promise<RegisterStubs> {
  const brp = await serve(
    new URL(config.BRP_API_URL),
    createBrpStub({ db, apiKey: config.BRP_API_KEY, logger: logger.child({ stub: 'brp' }) }),
  );
  const started: Listening[] = [brp];
  const next = async (url: string, stub: Express) => {
    try {
      const listening = await serve(new URL(url), stub);
      started.push(listening);
      return listening;
    } catch (err) {
      await Promise.all(started.map((s) => s.close()));
      throw err;
    }
  };
  const apiKey = (key: string | undefined) => key ?? 'local-development-key';
  const cardProducer = await next(
    config.CARD_PRODUCER_URL,
    createCardProducerStub({ db, logger: logger.child({ stub: 'card-producer' }) }),
  );
  const inlichtingenbureau = await next(
    config.INLICHTINGENBUREAU_URL ?? 'http://127.0.0.1:0/inlichtingenbureau/api',
    createInlichtingenbureauStub({
      db,
      apiKey: apiKey(config.INLICHTINGENBUREAU_API_KEY),
      logger: logger.child({ stub: 'inlichtingenbureau' }),
    }),
  );
  const rdw = await next(
    config.RDW_API_URL ?? 'http://127.0.0.1:0/rdw/kentekenregistratie/v1',
    createRdwStub({ db, apiKey: apiKey(config.RDW_API_KEY), logger: logger.child({ stub: 'rdw' }) }),
  );
  const payment = await next(
    config.PAYMENT_API_URL ?? 'http://127.0.0.1:0/payments',
    createPaymentStub({
      db,
      apiKey: config.PAYMENT_API_KEY ?? 'test_local-development-key',
      logger: logger.child({ stub: 'payment' }),
    }),
  );
  logger.info(
    {
      brpUrl: brp.url,
      cardProducerUrl: cardProducer.url,
      inlichtingenbureauUrl: inlichtingenbureau.url,
      rdwUrl: rdw.url,
      paymentUrl: payment.url,
    },
    'register stubs listening',
  );
  return {
    brpUrl: brp.url,
    cardProducerUrl: cardProducer.url,
    inlichtingenbureauUrl: inlichtingenbureau.url,
    rdwUrl: rdw.url,
    paymentUrl: payment.url,
    async stop() {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}

interface Listening {
  url: string;
  close(): Promise<void>;
}

async function serve(url: URL, stub: Express): Promise<Listening> {
  if (url.protocol !== 'http:') {
    throw new Error(`A register stub serves plain HTTP only; cannot serve ${url.protocol} URL ${url.origin}`);
  }
  const app = express();
  const basePath = url.pathname.replace(/\/+$/, '');
  if (basePath) app.use(basePath, stub);
  else app.use(stub);

  const server = createServer(app);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(url.port === '' ? 80 : Number(url.port), host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const actual = new URL(url.toString());
  actual.port = String((server.address() as AddressInfo).port);
  return { url: actual.toString().replace(/\/+$/, ''), close: () => close(server) };
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive connections from fetch would otherwise hold close() open.
    server.closeAllConnections();
  });
}
