import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from '../logger';

/**
 * RFC 7807 problem details as the Haal Centraal APIs send them (with their `code` and
 * `invalidParams` extensions); the card producer stub answers in the same shape.
 */
export interface InvalidParam {
  code: string;
  name: string;
  reason: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  instance: string;
  invalidParams?: InvalidParam[];
}

export const BAD_REQUEST_TYPE = 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1';

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** The 400 for a request whose parameters failed validation. */
export function paramsProblem(req: Request, invalidParams: InvalidParam[]): Problem {
  const names = [...new Set(invalidParams.map((p) => p.name))].join(', ');
  return {
    type: BAD_REQUEST_TYPE,
    title: 'Een of meerdere parameters zijn niet correct.',
    status: 400,
    detail: `De foutieve parameter(s) zijn: ${names}.`,
    code: 'paramsValidation',
    instance: req.originalUrl,
    invalidParams,
  };
}

/**
 * Last handler of a stub app: an unreadable JSON body is the caller's fault (400); anything
 * else is a fault of the stub itself (500), logged without the request body, which holds BSNs.
 */
/** Prisma and driver errors quote query arguments; mask anything shaped like a BSN before logging. */
function withoutBsns(err: unknown): { name: string; message: string; stack?: string } {
  const mask = (text: string) => text.replace(/\d{9}/g, '[redacted]');
  if (!(err instanceof Error)) return { name: 'NonError', message: mask(String(err)) };
  return { name: err.name, message: mask(err.message), stack: err.stack && mask(err.stack) };
}

export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const status = (err as { status?: unknown }).status;
    if ((err as { type?: unknown }).type === 'entity.parse.failed' || status === 400) {
      sendProblem(res, {
        type: BAD_REQUEST_TYPE,
        title: 'De request body is geen geldige JSON.',
        status: 400,
        code: 'paramsValidation',
        instance: req.originalUrl,
      });
      return;
    }
    logger.error({ err: withoutBsns(err), path: req.path }, 'register stub failed');
    sendProblem(res, {
      type: 'https://datatracker.ietf.org/doc/html/rfc7231#section-6.6.1',
      title: 'Interne server fout.',
      status: 500,
      code: 'serverError',
      instance: req.originalUrl,
    });
  };
}

/**
 * The Haal Centraal way of refusing a request without the right X-API-Key (401, code
 * "authentication"); true when it answered, so the route stops there.
 */
export function rejectedApiKey(req: Request, res: Response, apiKey: string): boolean {
  if (req.get('X-API-Key') === apiKey) return false;
  sendProblem(res, {
    type: 'https://datatracker.ietf.org/doc/html/rfc7235#section-3.1',
    title: 'Niet correct geauthenticeerd.',
    status: 401,
    code: 'authentication',
    instance: req.originalUrl,
  });
  return true;
}
