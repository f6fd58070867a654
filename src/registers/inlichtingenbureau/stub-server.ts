import express, { type Express } from 'express';
import type { Db, StubIncomeCheck } from '../../db/client';
import type { Logger } from '../../logger';
import { type InvalidParam, paramsProblem, problemErrorHandler, rejectedApiKey, sendProblem } from '../problem';

/**
 * A local stand-in for the Inlichtingenbureau's remission check (kwijtscheldingstoets), answering
 * from the stub_income_check table that the import fills. The real service matches a batch of
 * BSNs against UWV, Belastingdienst and RDW data and answers per household whether it found an
 * obstacle, and of what kind; a refusal must be able to name the data it rests on, so every
 * answer carries the data it used. Tijdig asks per BSN (at most 50 at once), with X-API-Key.
 *
 * The stub judges what the national norms decide (assets, vehicles) and reports the net income:
 * whether that income is low enough is the municipality's own norm, kept in its decision table.
 */
export interface InlichtingenbureauStubDeps {
  db: Db;
  apiKey: string;
  logger: Logger;
}

const MAX_BSNS = 50;
const BSN_PATTERN = /^[0-9]{9}$/;
const KNOWN_PARAMS = new Set(['burgerservicenummers', 'belastingjaar']);

const HOUSEHOLDS: Record<string, string> = {
  single: 'ALLEENSTAANDE',
  'single-parent': 'ALLEENSTAANDE_OUDER',
  couple: 'GEHUWDEN_OF_SAMENWONENDEN',
};

export function createInlichtingenbureauStub({ db, apiKey, logger }: InlichtingenbureauStubDeps): Express {
  const app = express();
  app.use(express.json({ limit: '100kb' }));

  app.post('/kwijtschelding/toetsingen', async (req, res) => {
    if (rejectedApiKey(req, res, apiKey)) return;
    const query = parseQuery(req.body);
    if (Array.isArray(query)) {
      sendProblem(res, paramsProblem(req, query));
      return;
    }
    const rows = await db.stubIncomeCheck.findMany({ where: { bsn: { in: query.bsns } } });
    const byBsn = new Map(rows.map((row) => [row.bsn, row]));
    const resultaten = query.bsns.map((bsn) => result(bsn, byBsn.get(bsn)));
    logger.debug({ requested: query.bsns.length, known: rows.length }, 'Inlichtingenbureau stub answered');
    res.json({ belastingjaar: query.year, resultaten });
  });

  app.use(problemErrorHandler(logger));
  return app;
}

function parseQuery(body: unknown): { bsns: string[]; year: number } | InvalidParam[] {
  const params = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const invalid: InvalidParam[] = [];
  for (const name of Object.keys(params)) {
    if (!KNOWN_PARAMS.has(name)) invalid.push({ code: 'unknownParam', name, reason: 'Parameter is niet verwacht.' });
  }
  const bsns = params.burgerservicenummers;
  if (!Array.isArray(bsns) || bsns.length < 1 || bsns.length > MAX_BSNS) {
    invalid.push({ code: 'array', name: 'burgerservicenummers', reason: `Parameter is geen array van 1 tot ${MAX_BSNS} items.` });
  } else {
    bsns.forEach((bsn, i) => {
      if (typeof bsn !== 'string' || !BSN_PATTERN.test(bsn))
        invalid.push({
          code: 'pattern',
          name: `burgerservicenummers[${i}]`,
          reason: `Waarde voldoet niet aan patroon ${BSN_PATTERN.source}.`,
        });
    });
  }
  const year = params.belastingjaar;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) {
    invalid.push({ code: 'integer', name: 'belastingjaar', reason: 'Parameter is geen belastingjaar.' });
  }
  if (invalid.length > 0) return invalid;
  return { bsns: [...new Set(bsns as string[])], year: year as number };
}

/**
 * One household's answer: MOGELIJK_RECHT when no obstacle was found, GEEN_RECHT with the
 * obstacles, ONBEKEND when the sources hold no (complete) data on the household.
 */
function result(bsn: string, row: StubIncomeCheck | undefined) {
  if (!row) return { burgerservicenummer: bsn, uitkomst: 'ONBEKEND', belemmeringen: [] };
  const obstacles = [...(row.assetsAboveNorm ? ['VERMOGEN'] : []), ...(row.vehicleAboveNorm ? ['VOERTUIG'] : [])];
  const outcome = row.netMonthlyIncomeCents === null ? 'ONBEKEND' : obstacles.length > 0 ? 'GEEN_RECHT' : 'MOGELIJK_RECHT';
  return {
    burgerservicenummer: bsn,
    uitkomst: outcome,
    belemmeringen: obstacles,
    gegevens: {
      huishouden: HOUSEHOLDS[row.household] ?? 'ONBEKEND',
      nettoInkomenPerMaand: row.netMonthlyIncomeCents === null ? null : row.netMonthlyIncomeCents / 100,
      vermogenBovenNorm: row.assetsAboveNorm,
      voertuigBovenNorm: row.vehicleAboveNorm,
      peildatum: row.referenceDate.toISOString().slice(0, 10),
      bronnen: ['UWV', 'Belastingdienst', 'RDW'],
    },
  };
}
