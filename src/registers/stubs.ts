import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { createBrpStub } from './brp/stub-server';
import { createCardProducerStub } from './card-producer/stub-server';
import { createInlichtingenbureauStub } from './inlichtingenbureau/stub-server';

export interface RegisterStubs {
  /** Base URL the BRP stub answers on (the configured one, with the real port when it was 0). */
  brpUrl: string;
  cardProducerUrl: string;
  inlichtingenbureauUrl: string;
  stop(): Promise<void>;
}

export interface RegisterStubsDeps {
  db: Db;
  config: Pick<Config, 'BRP_API_URL' | 'BRP_API_KEY' | 'CARD_PRODUCER_URL'> &
    Partial<Pick<Config, 'INLICHTINGENBUREAU_URL' | 'INLICHTINGENBUREAU_API_KEY'>>;
  logger: Logger;
}

/**
 * Local mode: serve the BRP, card producer and Inlichtingenbureau stubs exactly where the configuration says the
 * registers are, so the clients need no other setting to reach them.
 */
export async function startRegisterStubs({ db, config, logger }: RegisterStubsDeps): Promise<RegisterStubs> {
  const brp = await serve(
    new URL(config.BRP_API_URL),
    createBrpStub({ db, apiKey: config.BRP_API_KEY, logger: logger.child({ stub: 'brp' }) }),
  );
  let cardProducer: Listening;
  let inlichtingenbureau: Listening;
  try {
    cardProducer = await serve(
      new URL(config.CARD_PRODUCER_URL),
      createCardProducerStub({ db, logger: logger.child({ stub: 'card-producer' }) }),
    );
  } catch (err) {
    await brp.close();
    throw err;
  }
  try {
    // Callers that only test the BRP or the card producer need not name it: a free port then.
    inlichtingenbureau = await serve(
      new URL(config.INLICHTINGENBUREAU_URL ?? 'http://127.0.0.1:0/inlichtingenbureau/api'),
      createInlichtingenbureauStub({
        db,
        apiKey: config.INLICHTINGENBUREAU_API_KEY ?? 'local-development-key',
        logger: logger.child({ stub: 'inlichtingenbureau' }),
      }),
    );
  } catch (err) {
    await Promise.all([brp.close(), cardProducer.close()]);
    throw err;
  }
  logger.info(
    { brpUrl: brp.url, cardProducerUrl: cardProducer.url, inlichtingenbureauUrl: inlichtingenbureau.url },
    'register stubs listening',
  );
  return {
    brpUrl: brp.url,
    cardProducerUrl: cardProducer.url,
    inlichtingenbureauUrl: inlichtingenbureau.url,
    async stop() {
      await Promise.all([brp.close(), cardProducer.close(), inlichtingenbureau.close()]);
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
