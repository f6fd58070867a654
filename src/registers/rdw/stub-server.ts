import express, { type Express } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client';
import type { Logger } from '../../logger';
import { paramsProblem, problemErrorHandler, sendProblem } from '../problem';

/**
 * A local stand-in for the RDW's holder check (`POST /tenaamstelling/controle`), answering from
 * the stub_rdw_vehicle table that the import fills from each parking permit's `registers.vehicle`.
 * Like the real register it needs its API key, answers only yes or no about the person asked
 * about, and answers an unknown kenteken with `voertuig_geregistreerd: false` rather than 404.
 * Mount it under the base path of RDW_API_URL.
 */
export interface RdwStubDeps {
  db: Db;
  apiKey: string;
  logger: Logger;
}

const request = z
  .object({
    kenteken: z.string().regex(/^[A-Z0-9]{6}$/, 'must be 6 capitals and digits without dashes'),
    burgerservicenummer: z.string().regex(/^\d{9}$/, 'must be 9 digits'),
  })
  .strict();

export function createRdwStub({ db, apiKey, logger }: RdwStubDeps): Express {
  const app = express();
  app.use(express.json({ limit: '10kb' }));
  app.post('/tenaamstelling/controle', async (req, res) => {
    if (req.get('X-API-Key') !== apiKey) {
      sendProblem(res, {
        type: 'https://datatracker.ietf.org/doc/html/rfc7235#section-3.1',
        title: 'Niet geautoriseerd.',
        status: 401,
        instance: req.originalUrl,
      });
      return;
    }
    const parsed = request.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendProblem(
        res,
        paramsProblem(
          req,
          parsed.error.issues.map((i) => ({ code: i.code, name: i.path.join('.') || 'body', reason: i.message })),
        ),
      );
      return;
    }
    const { kenteken, burgerservicenummer } = parsed.data;
    const vehicle = await db.stubRdwVehicle.findUnique({ where: { kenteken } });
    logger.debug({ registered: vehicle !== null }, 'RDW stub answered a holder check');
    res.json({
      kenteken,
      voertuig_geregistreerd: vehicle !== null,
      tenaamstelling_komt_overeen: vehicle !== null && vehicle.holderBsn === burgerservicenummer,
      datum_tenaamstelling: vehicle ? vehicle.registeredOn.toISOString().slice(0, 10).replace(/-/g, '') : null,
    });
  });
  app.use(problemErrorHandler(logger));
  return app;
}
