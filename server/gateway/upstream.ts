// Calls to the real APIs: deadline, network failure → 502, timeout → 504, a non-JSON reply → 502; JSON passed back as is.

export type UpstreamFetch = (url: string, init: RequestInit) => Promise<Response>;

export type UpstreamName = 'Tonic' | 'RunSignup';

export interface UpstreamCall {
  upstream: UpstreamName;
  url: string;
  method: 'GET' | 'POST' | 'PATCH';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export type UpstreamReply =
  | { ok: true; status: number; json: unknown; retryAfter: string | null }
  /** The gateway's own answer for the device: the upstream gave none it can pass on. */
  | { ok: false; status: 502 | 504; body: { error: string; code: string }; retryAfter: string | null; detail: string };

/** Only these upstream headers reach the device; everything else (cookies, server banners) stays behind. */
export async function callUpstream(fetchImpl: UpstreamFetch, call: UpstreamCall): Promise<UpstreamReply> {
  // A plain controller and timer: AbortSignal.timeout costs several times more per call, which shows at 1,000 requests/s.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), call.timeoutMs);
  const signal = controller.signal;
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(call.url, {
      method: call.method,
      headers: { accept: 'application/json', ...call.headers },
      ...(call.body === undefined ? {} : { body: call.body }),
      signal,
      redirect: 'error', // a redirect could carry the credentials to another host
    });
    text = await response.text();
  } catch (error) {
    if (signal.aborted) {
      return {
        ok: false,
        status: 504,
        body: { error: `${call.upstream} did not answer within ${Math.round(call.timeoutMs / 1000)} s; the scans stay on the device and are sent again`, code: 'upstream_timeout' },
        retryAfter: null,
        detail: 'upstream timeout',
      };
    }
    return {
      ok: false,
      status: 502,
      body: { error: `${call.upstream} could not be reached from the gateway; the scans stay on the device and are sent again`, code: 'upstream_unreachable' },
      retryAfter: null,
      detail: `upstream unreachable (${networkReason(error)})`,
    };
  } finally {
    clearTimeout(timer);
  }
  const retryAfter = response.headers.get('retry-after');
  if (response.status === 401 || response.status === 403) {
    // The gateway's own credentials were refused. Passing the status on would make the device ask its steward for
    // new credentials, which cannot help: it is the organiser's to fix, and the scans should wait and retry.
    return {
      ok: false,
      status: 502,
      body: { error: `${call.upstream} refused the gateway's credentials; tell the organiser (the scans stay on the device)`, code: 'upstream_auth' },
      retryAfter,
      detail: `upstream refused the gateway credentials (${response.status})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      status: 502,
      body: { error: `${call.upstream} answered HTTP ${response.status} with something other than JSON`, code: 'upstream_not_json' },
      retryAfter,
      detail: `upstream reply not JSON (${response.status})`,
    };
  }
  return { ok: true, status: response.status, json, retryAfter };
}

/** A short, fixed-vocabulary reason (ECONNREFUSED, …): never the URL, whose query may carry a key. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown';
}
