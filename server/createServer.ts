// Builds the demo backend (Tonic, RunSignup and DesignMyNight guest-list emulators, test controls, ticket sheet, built app) and starts it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { controlRoutes } from './controlRoutes.ts';
import { corsForApis, corsForControls } from './cors.ts';
import { renderDemoTicketsPage } from './demoTicketsPage.ts';
import { EmulatorState } from './emulatorState.ts';
import { injectFaults } from './faultMiddleware.ts';
import { dmnRoutes } from './dmnRoutes.ts';
import { createDemoGateway, type DemoGateway } from './demoGateway.ts';
import { appSecurityHeaders } from './gateway/securityHeaders.ts';
import { recordRequests } from './requestLog.ts';
import { runsignupRoutes } from './runsignupRoutes.ts';
import { SettableClock } from './settableClock.ts';
import type { ServerEnv } from './serverEnv.ts';
import { keepIdleConnections } from './keepAlive.ts';
import { isServerPath, serveBuiltApp } from './staticApp.ts';
import { tonicRoutes } from './tonicRoutes.ts';

export interface DoorlistServerOptions {
  /** Folder of the built app (`npm run build` output); omitted, only the APIs and the demo page are served. */
  distDir?: string;
  /** Mounts /__control (reset, faults, logs). Off for anything a person might use. */
  controls: boolean;
  clock?: () => Date;
  /** More `connect-src` sources for the served app (DOORLIST_CONNECT_SRC, checked by parseConnectSources). */
  connectSources?: readonly string[];
  /** The host the server listens on (`--host`): a page on it may call the controls, as may one on a loopback name or IP. */
  host?: string;
}

export interface DoorlistServer {
  app: Hono<ServerEnv>;
  state: EmulatorState;
  /** The Doorlist gateway at /api/*, in front of this server's own emulator (resolves once its store is ready). */
  gateway: Promise<DemoGateway>;
}

/**
 * The app's security headers, as the gateway sends them, with one difference: connect-src also allows this same
 * server under its loopback names. The e2e reaches the app at 127.0.0.1 and the emulated APIs at localhost (so CORS
 * is exercised), which 'self' alone would refuse. Every e2e run therefore runs the app under the production policy.
 * `http://[::1]:port` is a no-op in browsers (an IPv6 literal is not in CSP's host-source grammar; Chromium ignores it
 * with a console warning), and an app opened at [::1] reaches its own server through 'self' anyway. It stays only
 * because the gateway's test pins this exact policy (server/gateway/gatewayServer.test.ts); drop both together.
 */
function demoAppHeaders(requestUrl: URL, connectSources: readonly string[]): Record<string, string> {
  const port = requestUrl.port === '' ? '' : `:${requestUrl.port}`;
  return appSecurityHeaders([`http://localhost${port}`, `http://127.0.0.1${port}`, `http://[::1]${port}`, ...connectSources]);
}

export function createDoorlistServer(options: DoorlistServerOptions): DoorlistServer {
  // With test controls, the emulator's and the demo gateway's clock can be moved (POST /__control/clock), so an
  // end-to-end test runs on a day it chose, not on whatever day the machine is on.
  const clock = new SettableClock(options.clock ?? (() => new Date()));
  const now = (): Date => clock.now();
  const state = new EmulatorState(now);
  const app = new Hono<ServerEnv>();
  const gateway = createDemoGateway({ clock: now });

  // The APIs' Date header is the emulated server's clock (the pre-doors check compares the device's clock with it),
  // so a test that moved the clock sees the server it emulates, not this machine's date.
  for (const prefix of ['/tonic', '/runsignup', '/dmn', '/api'] as const) {
    app.use(`${prefix}/*`, async (c, next) => {
      await next();
      c.res.headers.set('Date', now().toUTCString());
    });
  }
  for (const prefix of ['/tonic', '/runsignup', '/dmn'] as const) {
    app.use(`${prefix}/*`, recordRequests(state), corsForApis(), injectFaults(state));
  }
  app.route('/tonic', tonicRoutes(state));
  app.route('/runsignup', runsignupRoutes(state));
  app.route('/dmn', dmnRoutes(state));

  // The gateway answers /api/* exactly as a real deployment's would; its upstream is the emulator above.
  app.all('/api/*', async (c) => (await gateway).gateway.app.fetch(c.req.raw, c.env));

  if (options.controls) {
    app.use('/__control/*', corsForControls(options.host));
    app.all('/__control/gateway/*', async (c) => {
      const controls = (await gateway).controls();
      const url = new URL(c.req.url);
      url.pathname = url.pathname.slice('/__control/gateway'.length);
      const body = c.req.method === 'GET' || c.req.method === 'HEAD' ? null : await c.req.text();
      return controls.fetch(new Request(url, { method: c.req.method, headers: c.req.raw.headers, body }), c.env);
    });
    // A fresh demo day (a reset, or the clock moved) also clears the gateway's memory of the door, or it would answer
    // for check-ins the emulator has forgotten.
    const freshDay = async (): Promise<void> => {
      await (await gateway).reset();
      state.reset();
    };
    app.route('/__control', controlRoutes(state, clock, freshDay));
  }

  app.get('/demo/tickets', async (c) => {
    const page = Number(c.req.query('page') ?? '1');
    const html = await renderDemoTicketsPage({ origin: new URL(c.req.url).origin, page });
    if (html === null) return c.text(`No demo ticket page ${c.req.query('page') ?? ''}`, 404);
    return c.html(html, 200, { 'Cache-Control': 'no-cache' });
  });

  if (options.distDir !== undefined) app.get('*', serveBuiltApp(options.distDir, { headers: (url) => demoAppHeaders(url, options.connectSources ?? []) }));

  app.notFound((c) => {
    const pathname = c.req.path;
    if (isServerPath(pathname)) return c.json({ error: `No route for ${c.req.method} ${pathname}` }, 404);
    return c.text('Not found', 404);
  });
  app.onError((error, c) => {
    console.error(`[doorlist demo] ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: 'Internal error in the demo server' }, 500);
  });

  return { app, state, gateway };
}

export interface StartedServer {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  state: EmulatorState;
  /** The demo gateway at /api/* (optional in the type so wrappers of a started server need not carry it). */
  gateway?: DemoGateway;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once the socket is bound. */
export async function startServer(options: DoorlistServerOptions & { port: number; host: string }): Promise<StartedServer> {
  const { app, state, gateway: gatewayReady } = createDoorlistServer(options);
  const gateway = await gatewayReady;
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      const hostForUrl = info.address.includes(':') ? `[${info.address}]` : info.address;
      // The gateway reaches the emulator over loopback HTTP, like a real upstream, whatever address the server shows.
      const wildcard = info.address === '0.0.0.0' || info.address === '::';
      gateway.bindUpstream(`http://${wildcard ? '127.0.0.1' : hostForUrl}:${info.port}`);
      resolve({
        url: `http://${hostForUrl}:${info.port}`,
        port: info.port,
        state,
        gateway,
        close: () =>
          new Promise<void>((done, fail) => {
            gateway.gateway.close(); // ends event streams, which would otherwise hold their sockets open
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive sockets would hold close() open until they time out.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    keepIdleConnections(server as Server);
    server.once('error', reject);
  });
}
