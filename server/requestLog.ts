// Records every emulated-API request (method, path, final status) so tests can see what the app really sent.
import type { MiddlewareHandler } from 'hono';
import type { EmulatorState, RequestLogEntry } from './emulatorState.ts';
import type { ServerEnv } from './serverEnv.ts';

export function recordRequests(state: EmulatorState): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    // The path only: a query string may carry credentials, and the log must never hold them.
    const entry: RequestLogEntry = { method: c.req.method, path: c.req.path, status: null };
    state.requestLog.push(entry);
    await next();
    entry.status = c.get('connectionDropped') === true ? null : c.res.status;
  };
}
