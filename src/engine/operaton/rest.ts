import { TransientError } from '../../errors';

/** How Tijdig proves who it is to the engine's REST API. */
export type EngineCredentials = { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string };

/** A refusal by the engine, with its HTTP status and the exception type it names. */
export class EngineRequestError extends Error {
  override name = 'EngineRequestError';
  constructor(
    readonly status: number,
    readonly type: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface RestClient {
  readonly baseUrl: string;
  request<T>(method: string, path: string, body?: unknown, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<T>;
  /** A multipart POST (deployments). */
  upload<T>(path: string, form: FormData): Promise<T>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The engine's REST API over fetch. An engine that does not answer, or answers 5xx, is a
 * transient fault (TransientError); any other refusal is an EngineRequestError with the
 * engine's own message, which callers sort further (404 gone, 400 wrong request).
 */
export function createRestClient(baseUrl: string, credentials: EngineCredentials): RestClient {
  const root = baseUrl.replace(/\/+$/, '');
  const authorization =
    credentials.kind === 'basic'
      ? `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`
      : `Bearer ${credentials.token}`;

  async function send<T>(method: string, path: string, init: RequestInit, options: { signal?: AbortSignal; timeoutMs?: number }) {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(`${root}${path}`, {
        ...init,
        method,
        signal,
        headers: { ...(init.headers as Record<string, string>), authorization, accept: 'application/json' },
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new TransientError(`The engine at ${root} did not answer ${method} ${path}: ${(err as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let type: string | null = null;
      let message = text.slice(0, 500);
      try {
        const problem = JSON.parse(text) as { type?: string; message?: string };
        type = problem.type ?? null;
        message = problem.message ?? message;
      } catch {
        // Not every refusal is JSON (a proxy, an HTML 401 page): keep the start of the text.
      }
      const description = `The engine refused ${method} ${path} (HTTP ${response.status}${type ? ` ${type}` : ''}): ${message}`;
      if (response.status >= 500) throw new TransientError(description);
      throw new EngineRequestError(response.status, type, description);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    baseUrl: root,
    request: (method, path, body, options = {}) =>
      send(
        method,
        path,
        body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
        options,
      ),
    upload: (path, form) => send('POST', path, { body: form }, { timeoutMs: 120_000 }),
  };
}

/** Whether the engine said the thing is not there (any more). */
export const isNotFound = (err: unknown) => err instanceof EngineRequestError && err.status === 404;
