// The one place the app talks HTTP: deadline, status -> ApiError kind, JSON parsed and validated by a schema.
import type { z } from 'zod';
import { apiError, REQUEST_BLOCKED, RequestBlockedError, type ApiError, type ApiResult } from './apiError.ts';

export const REQUEST_TIMEOUT_MS = 15_000;

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
  /** Sees the reply's headers as soon as they arrive, whatever the status (e.g. a rate limit's remaining count). */
  onHeaders?: (headers: Headers, status: number) => void;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** A server's words kept with a scan: enough for any real API's message, not a page of HTML passed off as JSON. */
const MAX_DETAIL_CHARS = 500;

/** The server's words from an error reply, and whether the reply was JSON at all (an API) or a web page (a proxy, a wrong address). */
async function readErrorBody(response: Response): Promise<{ detail: string; isJson: boolean; code?: string }> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object') {
      const record = body as Record<string, unknown>;
      const code = typeof record.code === 'string' ? { code: record.code.slice(0, 60) } : {};
      for (const key of ['error', 'message']) if (typeof record[key] === 'string') return { detail: record[key].slice(0, MAX_DETAIL_CHARS).trim(), isJson: true, ...code };
      return { detail: text.slice(0, 200).trim(), isJson: true, ...code };
    }
    return { detail: text.slice(0, 200).trim(), isJson: true };
  } catch {
    return { detail: '', isJson: false }; // an HTML page says nothing useful to staff
  }
}

function errorForStatus(response: Response, { detail, isJson, code }: { detail: string; isJson: boolean; code?: string }): ApiError {
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
  const suffix = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403) return { ...apiError('auth', `Credentials refused (${status})${suffix}`, status), ...(code ? { code } : {}) };
  if (status === 429) return apiError('rateLimited', `Too many requests (429)${suffix}`, status, retryAfterMs);
  if (status === 400 || status === 422) return apiError('badRequest', `Request refused (${status})${suffix}`, status);
  // Only the API's own 404 means "no such ticket"; a 404 web page means the address is wrong, which a retry may outlive.
  if (status === 404 && isJson) return { ...apiError('notFound', `Not found (404)${suffix}`, status), ...(code ? { code } : {}) };
  if (status === 404) return apiError('server', 'Not found (404) from a web page, not the API: check the server address in the setup', status);
  return apiError('server', `Server error (${status})${suffix}`, status, retryAfterMs);
}

export async function requestJson<S extends z.ZodType>(
  fetchImpl: FetchLike,
  request: HttpRequest,
  schema: S,
): Promise<ApiResult<z.infer<S>>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs ?? REQUEST_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
      body: request.body === undefined ? null : JSON.stringify(request.body),
      signal: controller.signal,
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (cause) {
    clearTimeout(timer);
    if (controller.signal.aborted) return { ok: false, error: apiError('timeout', 'The server did not answer in time') };
    if (cause instanceof RequestBlockedError) return { ok: false, error: { ...apiError('network', cause.message), code: REQUEST_BLOCKED } };
    return { ok: false, error: apiError('network', `No connection to the server (${cause instanceof Error ? cause.message : String(cause)})`) };
  }
  try {
    request.onHeaders?.(response.headers, response.status);
    if (!response.ok) return { ok: false, error: errorForStatus(response, await readErrorBody(response)) };
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { ok: false, error: apiError('malformed', `The reply was not JSON (${response.headers.get('content-type') ?? 'no content type'}); a Wi-Fi login page?`, response.status) };
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const where = parsed.error.issues[0];
      return { ok: false, error: apiError('malformed', `The reply did not have the expected shape (${where ? `${where.path.join('.')}: ${where.message}` : 'unknown'})`, response.status) };
    }
    return { ok: true, value: parsed.data };
  } catch (cause) {
    if (controller.signal.aborted) return { ok: false, error: apiError('timeout', 'The server stopped answering mid-reply') };
    return { ok: false, error: apiError('network', `The connection broke mid-reply (${cause instanceof Error ? cause.message : String(cause)})`) };
  } finally {
    clearTimeout(timer);
  }
}
