import { Router, type Response } from 'express';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { TransientError } from '../../errors';
import type { Logger } from '../../logger';
import type { ResidentResponse } from '../../renewals/vocabulary';
import { findRenewalByCode } from '../../renewals/confirmation-code';
import { fullName, loadRenewal, permitRenewal } from '../../renewals/load';
import { REMISSION_SERVICE_ID } from '../../services/remission/contract';
import { levyDetails } from '../../services/remission/levy';
import { receiveResidentResponse, type ResidentResponsePublisher } from '../../renewals/resident-response';
import { envelopeLines } from '../../residents/address';
import { optOutOfProactiveContact } from '../../residents/opt-out';
import type { Translate } from '../i18n';
import type { SharedRateLimit } from '../rate-limit';
import type { residentAccess } from '../resident-access';
import type { Views } from '../views';

export interface ResidentRouteDeps {
  db: Db;
  config: Config;
  logger: Logger;
  engine: ResidentResponsePublisher | null;
  views: Views;
  access: ReturnType<typeof residentAccess>;
  /** The one limit on trying codes, shared with the API. */
  codeAttempts: SharedRateLimit;
  now(): Date;
}

const CHANGE_CATEGORIES = ['address', 'name', 'health', 'other'] as const;
const RECEIPTS = ['confirmed', 'reported-change', 'declined', 'optedOut'] as const;

type AnswerOutcome = 'received' | 'queued' | 'late' | 'invalid';

/**
 * What became of an answer, read from receiveResidentResponse: a yes/no (answer handed over or
 * code unusable) or, where answers are kept and handed over later, a receipt that also says
 * "queued" or "late". Read as unknown so the pages work with either.
 */
function answerOutcome(result: unknown): AnswerOutcome {
  if (result === true || result === 'delivered') return 'received';
  if (result === 'queued' || result === 'late') return result;
  return 'invalid';
}

/** The resident's side of notify-and-confirm: code from the letter, check, answer, receipt. */
export function residentRoutes(deps: ResidentRouteDeps): Router {
  const { db, views, access } = deps;
  const router = Router();
  const t = (res: Response) => res.locals.t as Translate;

  // The code typed goes back into the field, so a resident who mistyped one character fixes
  // that character instead of typing all ten again.
  const codePage = (res: Response, error?: string, status = 200, typed?: string) => {
    if (typed) res.set('Cache-Control', 'no-store');
    views.render(res, 'code', { title: t(res)('code.title'), error, status, typed });
  };
  const typedCode = (body: unknown): string => {
    const code = (body as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' ? code.slice(0, 40) : '';
  };

  router.get('/verlengen', (_req, res) => codePage(res));

  router.post(
    '/verlengen',
    deps.codeAttempts((req, res) => codePage(res, t(res)('code.tooMany'), 429, typedCode(req.body))),
    async (req, res) => {
      const code = typedCode(req.body);
      const renewalId = code ? await findRenewalByCode(db, code, deps.now()) : null;
      if (renewalId === null) return codePage(res, t(res)('code.invalid'), 400, code);
      await deps.codeAttempts.giveBack(req);
      access.grant(res, code);
      res.redirect(303, '/verlengen/gegevens');
    },
  );

  router.get('/verlengen/gegevens', access.require, async (_req, res) => {
    const loaded = await loadRenewal(db, res.locals.renewalId as number);
    const { resident, address } = loaded;
    // A remission offer: the resident accepts or declines remission of the year's assessment.
    if (loaded.renewal.service === REMISSION_SERVICE_ID) {
      const levy = levyDetails(loaded);
      const locale = res.locals.locale === 'en' ? 'en-GB' : 'nl-NL';
      const amount = (levy.amountCents / 100).toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      return views.render(res, 'remission-details', {
        title: t(res)('remission.details.title'),
        name: fullName(resident),
        addressLines: address ? envelopeLines(address) : [],
        year: levy.year,
        assessmentNumber: levy.assessmentNumber,
        amount: `€ ${amount}`,
      });
    }
    const { permit, newValidFrom, newExpiresOn } = permitRenewal(loaded);
    views.render(res, 'details', {
      title: t(res)('details.title'),
      name: fullName(resident),
      addressLines: address ? envelopeLines(address) : [],
      cardKind: permit.kind ? t(res)(`cardKind.${permit.kind}`) : null,
      newValidFrom,
      newExpiresOn,
      deliveryDays: deps.config.CARD_DELIVERY_WORKING_DAYS,
    });
  });

  const changePage = (res: Response, values: { category?: string; text?: string; error?: string }, status = 200) =>
    views.render(res, 'change', {
      title: t(res)('change.title'),
      status,
      text: values.text,
      error: values.error,
      categories: CHANGE_CATEGORIES.map((value) => ({
        value,
        label: t(res)(`change.category.${value}`),
        checked: (values.category ?? 'address') === value,
      })),
    });

  router.get('/verlengen/wijziging', access.require, (_req, res) => changePage(res, {}));

  /**
   * Something failed before we could say what became of the answer. Whether it was kept depends
   * on where it failed, so the page promises nothing it cannot know: it says what to do instead,
   * keeps the way back to the resident's data open, and gives the number to call.
   */
  const notProcessed = (res: Response) =>
    views.render(res, 'message', {
      title: t(res)('answer.failed.title'),
      paragraphs: [t(res)('answer.failed.body'), t(res)('answer.failed.next', { phone: deps.config.MUNICIPALITY_PHONE })],
      backHref: '/verlengen/gegevens',
      backText: t(res)('answer.failed.back'),
      status: 503,
    });

  async function answer(res: Response, response: ResidentResponse, report?: string): Promise<void> {
    if (!deps.engine) return notProcessed(res);
    let outcome: AnswerOutcome;
    try {
      outcome = answerOutcome(
        await receiveResidentResponse(
          { db, engine: deps.engine, now: deps.now },
          res.locals.residentCode as string,
          response,
          report,
        ),
      );
    } catch (err) {
      const renewalId = res.locals.renewalId as number;
      if (err instanceof TransientError) deps.logger.warn({ renewalId, err: err.message }, 'resident answer not taken');
      else deps.logger.error({ renewalId, err }, 'resident answer failed');
      return notProcessed(res);
    }
    access.end(res);
    if (outcome === 'invalid') return codePage(res, t(res)('code.invalid'), 400);
    if (outcome === 'late') {
      // Kept on record for a case worker, but the renewal had moved on: the resident must hear that.
      return views.render(res, 'message', {
        title: t(res)('answer.late.title'),
        paragraphs: [t(res)('answer.late.body'), t(res)('answer.late.next', { phone: deps.config.MUNICIPALITY_PHONE })],
        backHref: '/verlengen',
        backText: t(res)('answer.late.back'),
      });
    }
    const later = outcome === 'queued' ? '&later=1' : '';
    const renewal = await db.renewal.findUnique({ where: { id: res.locals.renewalId as number }, select: { service: true } });
    const service = renewal?.service === REMISSION_SERVICE_ID ? '&dienst=kwijtschelding' : '';
    res.redirect(303, `/verlengen/ontvangen?antwoord=${response}${later}${service}`);
  }

  // Post/redirect/get: the receipt has an address of its own, so reloading it or switching its
  // language never resubmits the answer.
  router.get('/verlengen/ontvangen', (req, res) => {
    const answer = RECEIPTS.find((r) => r === req.query.antwoord);
    if (!answer) return res.redirect(303, '/verlengen');
    const remission = req.query.dienst === 'kwijtschelding' && (answer === 'confirmed' || answer === 'declined');
    views.render(res, 'receipt', {
      title: t(res)('receipt.title'),
      message: remission ? t(res)(`remission.receipt.${answer}`) : t(res)(`receipt.${answer}`),
      later: req.query.later === '1' ? t(res)('receipt.later', { phone: deps.config.MUNICIPALITY_PHONE }) : undefined,
      receivedOn: deps.now(),
    });
  });

  router.post('/verlengen/bevestigen', access.require, (_req, res) => answer(res, 'confirmed'));

  router.post('/verlengen/wijziging', access.require, (req, res) => {
    const category = CHANGE_CATEGORIES.find((c) => c === req.body?.category) ?? 'other';
    const text = typeof req.body?.text === 'string' ? req.body.text.trim().slice(0, 2000) : '';
    if (!text) return changePage(res, { category, error: t(res)('change.textMissing') }, 400);
    return answer(res, 'reported-change', `${category}: ${text}`);
  });

  /** A page that asks "are you sure?" before a step the resident cannot undo here. */
  const confirmStep = (action: string, texts: 'decline' | 'optOut') =>
    router.get(action, access.require, async (_req, res) => {
      const renewal = await db.renewal.findUnique({ where: { id: res.locals.renewalId as number }, select: { service: true } });
      const prefix = texts === 'decline' && renewal?.service === REMISSION_SERVICE_ID ? 'remission.decline' : texts;
      views.render(res, 'confirm-action', {
        title: t(res)(`${prefix}.title`),
        body: t(res)(`${prefix}.body`),
        action,
        submit: t(res)(`${prefix}.submit`),
      });
    });

  confirmStep('/verlengen/afzien', 'decline');
  router.post('/verlengen/afzien', access.require, (_req, res) => answer(res, 'declined'));

  confirmStep('/verlengen/geen-contact', 'optOut');
  router.post('/verlengen/geen-contact', access.require, async (_req, res) => {
    const { resident } = await loadRenewal(db, res.locals.renewalId as number);
    await optOutOfProactiveContact(db, resident.id, 'web', deps.now());
    res.redirect(303, '/verlengen/ontvangen?antwoord=optedOut');
  });

  return router;
}
