// A whole gateway deployment in one server: the built app with its security headers, and /api; started on a port.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ServerEnv } from '../serverEnv.ts';
import { keepIdleConnections } from '../keepAlive.ts';
import { serveBuiltApp } from '../staticApp.ts';
import { isHttpsOrigin, type GatewayConfig } from './config.ts';
import { CSP_REPORT_PATH, CspReportLog, MAX_REPORT_BYTES } from './cspReports.ts';
import type { StreamTimings } from './gatewayContext.ts';
import { createGateway, type Gateway } from './createGateway.ts';
import type { LogSink } from './gatewayLog.ts';
import type { GuestListTimers } from './guestList/guestListService.ts';
import { isUrlTooLong, URL_TOO_LONG } from './refusals.ts';
import { appSecurityHeaders, STRICT_TRANSPORT_SECURITY } from './securityHeaders.ts';
import { openSqliteStore } from './sqliteStore.ts';
import type { GatewayStore } from './store.ts';
import type { UpstreamFetch } from './upstream.ts';

export interface GatewayServerOptions {
  config: GatewayConfig;
  /** Defaults to the SQLite file named in the config. */
  store?: GatewayStore;
  /** The built app; omitted, only /api is served. */
  distDir?: string;
  logSink?: LogSink;
  fetchUpstream?: UpstreamFetch;
  clock?: () => Date;
  streamTimings?: Partial<StreamTimings>;
  guestListTimers?: GuestListTimers;
  startGuestList?: boolean | 'onFirstAsk';
}

export function createGatewayServer(options: GatewayServerOptions): { app: Hono<ServerEnv>; gateway: Gateway; cspReports: CspReportLog } {
  const store = options.store ?? openSqliteStore(options.config.database);
  const gateway = createGateway({
    config: options.config,
    store,
    ...(options.logSink ? { logSink: options.logSink } : {}),
    ...(options.fetchUpstream ? { fetchUpstream: options.fetchUpstream } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.streamTimings ? { streamTimings: options.streamTimings } : {}),
    ...(options.guestListTimers ? { guestListTimers: options.guestListTimers } : {}),
    ...(options.startGuestList !== undefined ? { startGuestList: options.startGuestList } : {}),
  });
  const app = new Hono<ServerEnv>();
  if (isHttpsOrigin(options.config.publicOrigin)) {
    // Devices reach this gateway over https: browsers that saw it once never try plain http for it again.
    app.use('*', async (c, next) => {
      await next();
      c.res.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    });
  }
  app.all('/api/*', (c) => gateway.app.fetch(c.req.raw, c.env));
  // /api counts its own; the app's pages and files have no URL anywhere near this long either.
  app.use('*', async (c, next) => (isUrlTooLong(c.req.url) ? c.json(URL_TOO_LONG, 414) : next()));
  const cspReports = new CspReportLog(gateway.log);
  app.post(CSP_REPORT_PATH, bodyLimit({ maxSize: MAX_REPORT_BYTES, onError: (c) => c.body(null, 413) }), cspReports.handler());
  const headers = appSecurityHeaders([], CSP_REPORT_PATH);
  if (options.distDir !== undefined) app.get('*', serveBuiltApp(options.distDir, { headers: () => headers }));
  app.notFound((c) => {
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.text('Not found', 404);
  });
  app.onError((error, c) => {
    gateway.log.error(`${c.req.method} ${c.req.path} failed`, error);
    return c.json({ error: 'Internal error in the gateway' }, 500);
  });
  return { app, gateway, cspReports };
}

export interface StartedGateway {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:8788`. */
  url: string;
  port: number;
  gateway: Gateway;
  /** CSP violations browsers reported to this gateway (the latest 100). */
  cspReports: CspReportLog;
  /** Stops listening, ends event streams, closes the store. */
  close(): Promise<void>;
}

export function startGatewayServer(options: GatewayServerOptions & { port: number; host: string }): Promise<StartedGateway> {
  const { app, gateway, cspReports } = createGatewayServer(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      const hostForUrl = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${hostForUrl}:${info.port}`,
        port: info.port,
        gateway,
        cspReports,
        close: async () => {
          gateway.close();
          await new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
          await gateway.store.close();
        },
      });
    });
    keepIdleConnections(server as Server);
    server.once('error', reject);
  });
}
