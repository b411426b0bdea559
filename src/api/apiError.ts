// Every way a call to a server can fail, as values with a kind; the sync runner switches on `kind`.

export type ApiErrorKind =
  | 'network' // no connection, DNS, CORS refusal, dropped socket
  | 'timeout' // no answer within the request deadline
  | 'auth' // 401/403: credentials rejected
  | 'rateLimited' // 429
  | 'badRequest' // 400: the server refused what we sent
  | 'notFound' // 404
  | 'server' // 5xx or any other unexpected status
  | 'malformed'; // a reply whose body is not what the API documents (captive portal, proxy page)

export interface ApiError {
  kind: ApiErrorKind;
  message: string;
  status: number | null;
  retryAfterMs: number | null;
  /** The server's machine-readable reason, when its error body has one (a Doorlist gateway's `device_revoked`). */
  code?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const apiError = (kind: ApiErrorKind, message: string, status: number | null = null, retryAfterMs: number | null = null): ApiError => ({
  kind,
  message,
  status,
  retryAfterMs,
});

/** `code` of a request the page's own security policy refused (see RequestBlockedError): not the network, not the server. */
export const REQUEST_BLOCKED = 'request_blocked';

/**
 * Thrown by the page's fetch in place of the browser's TypeError when the same origin was just reported blocked by the
 * page's security policy: httpRequest turns it into a 'network' error with code REQUEST_BLOCKED, which spends no attempt.
 */
export class RequestBlockedError extends TypeError {
  constructor(readonly origin: string) {
    super(`This app's server does not allow connections to ${origin}`);
    this.name = 'RequestBlockedError';
  }
}

/** Errors after which the same request may succeed later without anyone changing anything. */
export const isRetryable = (error: ApiError): boolean =>
  error.kind === 'network' || error.kind === 'timeout' || error.kind === 'rateLimited' || error.kind === 'server' || error.kind === 'malformed';
