import type { ZodError } from 'zod';
import { InvalidDataError, TransientError } from '../errors';

export type Fetch = typeof globalThis.fetch;

export interface JsonRequest {
  /** Name of the register, for error messages ("BRP", "card producer"). */
  service: string;
  url: string;
  init: RequestInit;
  fetch: Fetch;
  timeoutMs: number;
  /** Non-2xx statuses the caller interprets itself (e.g. 404 for an unknown order). */
  accept?: number[];
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * One JSON call to a register, with the failure sorting every register client shares:
 * what may pass by itself (network, timeout, 429, 5xx) is a TransientError; what a retry
 * cannot fix (refused credentials, a request the register rejects, a body that is not JSON)
 * is an InvalidDataError. Messages never quote request data: it holds personal data.
 */
export async function requestJson(req: JsonRequest): Promise<JsonResponse> {
  let response: Response;
  try {
    response = await req.fetch(req.url, { ...req.init, signal: AbortSignal.timeout(req.timeoutMs) });
  } catch (err) {
    // The timeout arrives as a DOMException, which is not always `instanceof Error`: test by name.
    const name = (err as { name?: unknown } | null)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new TransientError(`${req.service} did not answer within ${req.timeoutMs} ms`);
    }
    const cause = err instanceof Error ? describeNetworkError(err) : String(err);
    throw new TransientError(`${req.service} is unreachable: ${cause}`);
  }

  let text: string;
  try {
    text = await response.text();
  } catch (err) {
    throw new TransientError(`${req.service} broke off its answer: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { status } = response;

  if (status === 429 || status >= 500) {
    throw new TransientError(`${req.service} answered HTTP ${status}`);
  }
  if (status === 401 || status === 403) {
    throw new InvalidDataError(
      `${req.service} refused the request with HTTP ${status}: check its credentials in the configuration`,
    );
  }
  const accepted = (status >= 200 && status < 300) || (req.accept ?? []).includes(status);
  if (!accepted) {
    throw new InvalidDataError(`${req.service} rejected the request with HTTP ${status}${problemSummary(text)}`);
  }
  try {
    return { status, body: text === '' ? null : JSON.parse(text) };
  } catch {
    throw new InvalidDataError(`${req.service} answered HTTP ${status} with a body that is not JSON`);
  }
}

/** The title and invalid parameter names of a problem+json body; not its detail, which may echo input. */
function problemSummary(text: string): string {
  try {
    const problem = JSON.parse(text) as { title?: unknown; invalidParams?: unknown };
    const parts: string[] = [];
    if (typeof problem.title === 'string') parts.push(problem.title);
    if (Array.isArray(problem.invalidParams)) {
      const params = problem.invalidParams
        .map((p: { name?: unknown; reason?: unknown }) => `${String(p.name)}: ${String(p.reason)}`)
        .join('; ');
      if (params) parts.push(params);
    }
    return parts.length > 0 ? ` (${parts.join(' — ')})` : '';
  } catch {
    return '';
  }
}

/** undici hides the useful part ("ECONNREFUSED") in the cause. */
function describeNetworkError(err: Error): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return `${err.message} (${cause.code})`;
  return err.message;
}

/** Zod issues as "path: message" lines, without the offending values. */
export function describeIssues(error: ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    // zod quotes the received value in enum messages; say only what was expected.
    const message = issue.code === 'invalid_enum_value' ? `expected one of ${issue.options.join(', ')}` : issue.message;
    return `${issue.path.join('.') || '(root)'}: ${message}`;
  });
  const more = error.issues.length > max ? `; and ${error.issues.length - max} more` : '';
  return lines.join('; ') + more;
}

/** A base URL without trailing slashes, so paths can be appended with "/". */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}
