// Records every emulated-API request (method, path, final status) so tests can see what the app really sent.
import type { MiddlewareHandler } from 'hono';
import type { EmulatorState, RequestLogEntry } from './emulatorState.ts';
import type { ServerEnv } from './serverEnv.ts';

export function recordRequests(state: EmulatorState): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    // The path only: a query string may carry credentials, and the log must never hold them.
    const entry: RequestLogEntry = { method: c.req.method, path: c.req.path, status: null, answeredAt: null };
    state.requestLog.push(entry);
    await next();
    const dropped = c.get('connectionDropped') === true;
    entry.status = dropped ? null : c.res.status;
    entry.answeredAt = dropped ? null : state.clock().toISOString();
  };
}
