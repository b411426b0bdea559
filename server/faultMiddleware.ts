// Applies the injected faults (latency, forced errors, dropped connections, captive-portal replies) to API requests.
import type { Context, MiddlewareHandler } from 'hono';
import type { EmulatorState } from './emulatorState.ts';
import { CAPTIVE_PORTAL_HTML, takeFault, takeHold } from './faults.ts';
import type { ServerEnv } from './serverEnv.ts';

/** Only `app.request()` without a socket lands here; a real server always has one to drop. */
const NO_CONNECTION_TO_DROP = { error: 'dropNext needs a real connection' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Destroys the client's socket so it sees a connection reset with no reply: what a phone sees when the venue
 * Wi-Fi drops mid-request. Returns false outside a real Node server (e.g. `app.request` in a unit test).
 */
function dropConnection(c: Context<ServerEnv>): boolean {
  const socket = (c.env as Partial<ServerEnv['Bindings']> | undefined)?.incoming?.socket;
  if (!socket) return false;
  socket.destroy();
  c.set('connectionDropped', true);
  return true;
}

function failReply(c: Context<ServerEnv>, status: number, retryAfterSeconds: number | undefined, body: string | undefined): Response {
  const headers: Record<string, string> = {};
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = String(retryAfterSeconds);
  const text = body ?? JSON.stringify({ error: `Injected fault: HTTP ${status}` });
  headers['Content-Type'] = looksLikeJson(text) ? 'application/json' : 'text/plain; charset=utf-8';
  return new Response(text, { status, headers });
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false; // not JSON is a valid answer here: the body is then sent as plain text
  }
}

export function injectFaults(state: EmulatorState): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    // Faults are decided on arrival, before any latency, so concurrent requests consume them in arrival order.
    const { fault, remaining } = takeFault(state.faults, c.req.path);
    const hold = takeHold(remaining, c.req.path);
    state.faults = hold.remaining;
    if (hold.held) await state.waitForRelease();
    if (state.faults.latencyMs) await sleep(state.faults.latencyMs);

    switch (fault.kind) {
      case 'none':
        await next();
        return;
      case 'fail':
        return failReply(c, fault.status, fault.retryAfterSeconds, fault.body);
      case 'malformed':
        return c.html(CAPTIVE_PORTAL_HTML, 200);
      case 'drop':
        if (fault.afterProcessing) {
          // The lost-reply case: the server did the work, the client never hears about it.
          await next();
          if (!dropConnection(c)) c.res = c.json(NO_CONNECTION_TO_DROP, 500);
          return;
        }
        if (dropConnection(c)) return c.body(null, 500);
        return c.json(NO_CONNECTION_TO_DROP, 500);
    }
  };
}
