// How long a server keeps an idle keep-alive connection open.
//
// Node closes an idle connection after 5 s by default. A client that keeps connections alive (a browser, Playwright's
// request context, a load balancer) may send its next request on that connection at the very moment the server closes
// it, and gets "socket hang up" (ECONNRESET) for a request the server never saw. Keeping idle connections longer than
// any client keeps them makes the client close first. Load balancers keep theirs for 60 s or less (HAProxy's
// `timeout http-keep-alive` must stay below this), so 65 s it is; the `Keep-Alive: timeout=65` header tells clients.
import type { Server } from 'node:http';

export const IDLE_KEEP_ALIVE_MS = 65_000;

/** Sets the server's idle keep-alive time; the header timeout stays above it, as Node requires for the two to work. */
export function keepIdleConnections(server: Pick<Server, 'keepAliveTimeout' | 'headersTimeout'>): void {
  server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  server.headersTimeout = IDLE_KEEP_ALIVE_MS + 1_000;
}
