import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { TransientError } from '../errors';
import type { Logger } from '../logger';
import { RESIDENT_RESPONSES } from '../process/gpk-renewal-contract';
import { receiveResidentResponse, type ResidentResponsePublisher } from '../renewals/resident-response';

export interface WebDeps {
  db: Db;
  logger: Logger;
  /** Absent when no engine is configured; answers that need it are refused with 503. */
  engine: ResidentResponsePublisher | null;
  now(): Date;
}

const residentResponseBody = z.object({
  code: z.string().min(6).max(20),
  response: z.enum(RESIDENT_RESPONSES),
  report: z.string().max(2000).optional(),
});

/** The HTTP API: health, the resident's answer to a confirmation letter, renewal figures. */
export function createApp(deps: WebDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '20kb' }));

  app.get('/health', async (_req, res) => {
    await deps.db.$queryRaw`SELECT 1`;
    res.json({ status: 'ok', engine: deps.engine ? 'configured' : 'not configured' });
  });

  app.post('/api/resident-responses', async (req, res) => {
    const body = residentResponseBody.safeParse(req.body);
    if (!body.success) {
      res
        .status(400)
        .json({ error: 'invalid request', details: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    if (!deps.engine) {
      res.status(503).json({ error: 'answers cannot be processed right now; please try again later' });
      return;
    }
    const accepted = await receiveResidentResponse(
      { db: deps.db, engine: deps.engine, now: deps.now },
      body.data.code,
      body.data.response,
      body.data.report,
    );
    if (!accepted) {
      res.status(404).json({ error: 'this code is unknown, already used or expired' });
      return;
    }
    res.status(202).json({ status: 'received' });
  });

  app.get('/api/renewals/summary', async (_req, res) => {
    const byStatus = await deps.db.renewal.groupBy({ by: ['status', 'outcome'], _count: { _all: true } });
    res.json(byStatus.map((g) => ({ status: g.status, outcome: g.outcome, count: g._count._all })));
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof TransientError) {
      deps.logger.warn({ err: err.message }, 'request could not be completed now');
      res.status(503).json({ error: 'we cannot process this right now; nothing was lost, please try again later' });
      return;
    }
    deps.logger.error({ err }, 'request failed');
    res.status(500).json({ error: 'something went wrong on our side' });
  });
  return app;
}
