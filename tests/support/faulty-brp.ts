import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Db } from '../../src/db/client';
import { createLogger } from '../../src/logger';
import { createBrpStub } from '../../src/registers/brp/stub-server';

/**
 * What a register does on a bad day: answer after the client stopped waiting, fail with HTTP
 * 500, break its JSON off halfway, or answer in a shape that is not BRP Personen v2.
 */
export const BRP_FAULTS = ['slow', 'server-error', 'truncated-json', 'wrong-shape'] as const;
export type BrpFault = (typeof BRP_FAULTS)[number];

/** Longer than the BRP client waits (10 s), so a slow answer is a timeout to it. */
const SLOW_ANSWER_MS = 12_000;
const BASE_PATH = '/haalcentraal/api/brp';

export interface FaultyBrp {
  /** Base URL to configure as BRP_API_URL. */
  url: string;
  /** Every question about this BSN gets the fault, until `recover`. */
  inject(bsn: string, fault: BrpFault): void;
  /** The BRP answers about this BSN correctly again. */
  recover(bsn: string): void;
  /** How many faulty answers it gave about this BSN. */
  faultyAnswers(bsn: string): number;
  stop(): Promise<void>;
}

/**
 * The BRP stub (src/registers/brp/stub-server.ts) behind faults injected per BSN: the same
 * API, the same data and the same refusals, so a client cannot tell it from the stub except by
 * the fault. Served as its own HTTP service, which Tijdig reaches through BRP_API_URL as it would
 * a real register.
 */
export async function startFaultyBrp(db: Db, apiKey: string): Promise<FaultyBrp> {
  const faults = new Map<string, BrpFault>();
  const answered = new Map<string, number>();
  const stub = createBrpStub({ db, apiKey, logger: createLogger('silent') });
  const brp = express();
  brp.use(express.json({ limit: '100kb' }));
  brp.post('/personen', (req, res, next) => {
    const bsn = (req.body as { burgerservicenummer?: unknown[] } | undefined)?.burgerservicenummer?.[0];
    const fault = typeof bsn === 'string' ? faults.get(bsn) : undefined;
    if (!fault || typeof bsn !== 'string') return next();
    answered.set(bsn, (answered.get(bsn) ?? 0) + 1);
    switch (fault) {
      case 'slow':
        setTimeout(next, SLOW_ANSWER_MS);
        return;
      case 'server-error':
        res
          .status(500)
          .type('application/problem+json')
          .send(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, code: 'serverError' }));
        return;
      case 'truncated-json': {
        // The stub's own answer, cut off halfway: a complete HTTP response whose JSON ends early.
        const send = res.send.bind(res);
        res.send = (body?: unknown) => send(String(body).slice(0, Math.floor(String(body).length / 2)));
        next();
        return;
      }
      case 'wrong-shape':
        // Plausible, but not BRP Personen v2: an address as one line, a municipality as its code.
        res.json({
          type: 'RaadpleegMetBurgerservicenummer',
          personen: [{ verblijfplaats: 'Dorpsstraat 1, 9999 AA Voorbeeldstad', gemeenteVanInschrijving: '0999' }],
        });
        return;
    }
  });
  brp.use(stub);
  const app = express();
  app.use(BASE_PATH, brp);

  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    inject: (bsn, fault) => void faults.set(bsn, fault),
    recover: (bsn) => void faults.delete(bsn),
    faultyAnswers: (bsn) => answered.get(bsn) ?? 0,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
