// Builds the demo backend (Tonic and RunSignup emulators, test controls, ticket sheet, built app) and starts it.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { controlRoutes } from './controlRoutes.ts';
import { corsForApis } from './cors.ts';
import { renderDemoTicketsPage } from './demoTicketsPage.ts';
import { EmulatorState } from './emulatorState.ts';
import { injectFaults } from './faultMiddleware.ts';
import { recordRequests } from './requestLog.ts';
import { runsignupRoutes } from './runsignupRoutes.ts';
import type { ServerEnv } from './serverEnv.ts';
import { isServerPath, serveBuiltApp } from './staticApp.ts';
import { tonicRoutes } from './tonicRoutes.ts';

export interface DoorlistServerOptions {
  /** Folder of the built app (`npm run build` output); omitted, only the APIs and the demo page are served. */
  distDir?: string;
  /** Mounts /__control (reset, faults, logs). Off for anything a person might use. */
  controls: boolean;
  clock?: () => Date;
}

export interface DoorlistServer {
  app: Hono<ServerEnv>;
  state: EmulatorState;
}

export function createDoorlistServer(options: DoorlistServerOptions): DoorlistServer {
  const state = new EmulatorState(options.clock ?? (() => new Date()));
  const app = new Hono<ServerEnv>();

  for (const prefix of ['/tonic', '/runsignup'] as const) {
    app.use(`${prefix}/*`, recordRequests(state), corsForApis(), injectFaults(state));
  }
  app.route('/tonic', tonicRoutes(state));
  app.route('/runsignup', runsignupRoutes(state));

  if (options.controls) {
    app.use('/__control/*', corsForApis());
    app.route('/__control', controlRoutes(state));
  }

  app.get('/demo/tickets', async (c) => {
    const page = Number(c.req.query('page') ?? '1');
    const html = await renderDemoTicketsPage({ origin: new URL(c.req.url).origin, page });
    if (html === null) return c.text(`No demo ticket page ${c.req.query('page') ?? ''}`, 404);
    return c.html(html, 200, { 'Cache-Control': 'no-cache' });
  });

  if (options.distDir !== undefined) app.get('*', serveBuiltApp(options.distDir));

  app.notFound((c) => {
    const pathname = c.req.path;
    if (isServerPath(pathname)) return c.json({ error: `No route for ${c.req.method} ${pathname}` }, 404);
    return c.text('Not found', 404);
  });
  app.onError((error, c) => {
    console.error(`[doorlist demo] ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: 'Internal error in the demo server' }, 500);
  });

  return { app, state };
}

export interface StartedServer {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  state: EmulatorState;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once the socket is bound. */
export function startServer(options: DoorlistServerOptions & { port: number; host: string }): Promise<StartedServer> {
  const { app, state } = createDoorlistServer(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info: AddressInfo) => {
      const hostForUrl = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${hostForUrl}:${info.port}`,
        port: info.port,
        state,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Keep-alive sockets would hold close() open until they time out.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
