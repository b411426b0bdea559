// The gateway's /api: device auth and limits, the Tonic and RunSignup forwarders, the events stream; plus device management.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CheckInFeed } from './checkInFeed.ts';
import { gatewaySecrets, type GatewayConfig } from './config.ts';
import { requireDevice } from './deviceAuth.ts';
import { addDevice, gatewaySetupLink, revokeDevice, type DeviceSelector, type EnrolledDevice } from './devices.ts';
import { eventsRoute, HEARTBEAT_MS, REVOCATION_CHECK_MS, REVOKED_EVENT_TEXT } from './eventsRoute.ts';
import { guestListRoute } from './guestList/guestListRoute.ts';
import { GuestListService, type GuestListTimers } from './guestList/guestListService.ts';
import { audit, isMutation, jsonReply, operationOf, type GatewayDeps, type GatewayEnv, type StreamTimings } from './gatewayContext.ts';
import { consoleSink, createGatewayLog, type GatewayLog, type LogSink } from './gatewayLog.ts';
import { TokenBuckets } from './rateLimit.ts';
import { clientAddressFor, recordedPath, RefusalGuard, type ClientAddressOf } from './refusals.ts';
import { runsignupProxy } from './runsignupProxy.ts';
import { API_HEADERS } from './securityHeaders.ts';
import type { DeviceRow, GatewayStore } from './store.ts';
import { tonicProxy } from './tonicProxy.ts';
import type { UpstreamFetch } from './upstream.ts';

export interface GatewayOptions {
  config: GatewayConfig;
  store: GatewayStore;
  /** Where log lines go (default: the console); secrets are scrubbed before they get there. */
  logSink?: LogSink;
  fetchUpstream?: UpstreamFetch;
  clock?: () => Date;
  streamTimings?: Partial<StreamTimings>;
  /**
   * The client address refusals are counted by. Default: the TCP peer (`getConnInfo`), or behind a proxy named in
   * `config.trustedProxies` the address it forwards; `X-Forwarded-For` is never trusted otherwise. Tests of
   * `app.fetch` (no socket) inject one.
   */
  clientAddress?: ClientAddressOf;
  /** The clock refusal budgets run on: monotonic milliseconds (default `performance.now`); tests inject one. */
  monotonicMs?: () => number;
  /** The guest list's refresh timers (default: real ones); tests inject their own. */
  guestListTimers?: GuestListTimers;
  /**
   * When the guest list's schedule starts: `true` (default) at once; `false` only at `guestList.start()`; `'onFirstAsk'`
   * armed by `guestList.start()`, running from a door's first GET /api/guestlist (the demo).
   */
  startGuestList?: boolean | 'onFirstAsk';
}

/**
 * A door asks for the list every minute or so; a whole list is heavy. 1 request every 5 s per device, bursts of 6
 * (a reload, a second tab and a retry at once), in a bucket of its own so it never eats the check-ins' allowance.
 */
export const GUEST_LIST_RATE_PER_SECOND = 0.2;
export const GUEST_LIST_RATE_BURST = 6;

/** How often the count of refused requests that were not audited is written to the log (when there were any). */
export const REFUSAL_SUMMARY_MS = 60_000;

export interface Gateway {
  /** Answers /api/* (mount it at the root of a server). */
  app: Hono<GatewayEnv>;
  store: GatewayStore;
  feed: CheckInFeed;
  log: GatewayLog;
  config: GatewayConfig;
  guestList: GuestListService;
  /** Each device's request allowance per route family (in memory). */
  buckets: GatewayDeps['buckets'];
  /** Refusals counted instead of audited; `logRefusalSummary` writes and resets their count (also every minute). */
  refusals: RefusalGuard;
  logRefusalSummary(): void;
  addDevice(name: string): Promise<EnrolledDevice>;
  /** Revokes and ends the device's open event streams at once. */
  revokeDevice(selector: DeviceSelector): Promise<DeviceRow | null>;
  setupLink(origin: string, enrolled: EnrolledDevice): string;
  /** Ends every event stream and logs the last refusal count (the store is the caller's to close). */
  close(): void;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { config, store } = options;
  const log = createGatewayLog(options.logSink ?? consoleSink, gatewaySecrets(config));
  const bucket = () => new TokenBuckets(config.limits.ratePerSecond, config.limits.rateBurst);
  const clock = options.clock ?? (() => new Date());
  const fetchUpstream = options.fetchUpstream ?? ((url, init) => fetch(url, init));
  const guestList = new GuestListService({
    config,
    store,
    log,
    clock,
    fetchUpstream,
    startOnFirstAsk: options.startGuestList === 'onFirstAsk',
    ...(options.guestListTimers ? { timers: options.guestListTimers } : {}),
  });
  const deps: GatewayDeps = {
    config,
    store,
    feed: new CheckInFeed(),
    buckets: { tonic: bucket(), runsignup: bucket(), events: bucket(), guestlist: new TokenBuckets(GUEST_LIST_RATE_PER_SECOND, GUEST_LIST_RATE_BURST) },
    guestList,
    fetchUpstream,
    log,
    clock,
    streamTimings: { heartbeatMs: HEARTBEAT_MS, revocationCheckMs: REVOCATION_CHECK_MS, ...options.streamTimings },
    refusals: new RefusalGuard(clock, options.monotonicMs ? { monotonicMs: options.monotonicMs } : {}),
    clientAddress: options.clientAddress ?? clientAddressFor(config.trustedProxies),
  };
  const logRefusalSummary = (): void => {
    const line = deps.refusals.summary();
    if (line !== null) log.warn(line);
  };
  const summaryTimer = setInterval(logRefusalSummary, REFUSAL_SUMMARY_MS);
  summaryTimer.unref();

  const app = new Hono<GatewayEnv>();
  app.use('/api/*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(API_HEADERS)) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  });
  app.use('/api/*', requireDevice(deps));
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: config.limits.maxBodyBytes,
      onError: async (c) => {
        const device = c.get('device');
        await audit(deps, { deviceId: device.id, operation: operationOf(c.req.method, c.req.path), path: c.req.path, itemCount: 0, answeredByGateway: 0, status: 413, upstreamStatus: null, detail: 'body too large' });
        return jsonReply({ error: `The request body is larger than ${config.limits.maxBodyBytes} bytes; send fewer scans at once`, code: 'body_too_large' }, 413);
      },
    }),
  );
  app.route('/api/tonic', tonicProxy(deps));
  app.route('/api/runsignup', runsignupProxy(deps));
  app.get('/api/events', eventsRoute(deps));
  app.get('/api/guestlist', guestListRoute(deps));
  // Only the operations above are forwarded: the gateway is not an open proxy to the upstreams.
  app.all('/api/*', async (c) => {
    if (isMutation(c.req.method)) {
      await audit(deps, { deviceId: c.get('device').id, operation: operationOf(c.req.method, c.req.path), path: c.req.path, itemCount: 0, answeredByGateway: 0, status: 404, upstreamStatus: null, detail: 'no such operation' });
    }
    return jsonReply({ error: `The gateway has no ${c.req.method} ${recordedPath(c.req.path)}`, code: 'no_such_operation' }, 404);
  });
  app.onError((error, c) => {
    log.error(`${c.req.method} ${recordedPath(c.req.path)} failed`, error);
    return jsonReply({ error: 'Internal error in the gateway; the scans stay on the device and are sent again', code: 'gateway_error' }, 500);
  });

  if (options.startGuestList === undefined || options.startGuestList === true) guestList.start();

  return {
    app,
    store,
    feed: deps.feed,
    log,
    config,
    guestList,
    buckets: deps.buckets,
    refusals: deps.refusals,
    logRefusalSummary,
    addDevice: (name) => addDevice(store, name, deps.clock()),
    async revokeDevice(selector) {
      const revoked = await revokeDevice(store, selector, deps.clock());
      if (revoked) deps.feed.endDevice(revoked.id, REVOKED_EVENT_TEXT);
      return revoked;
    },
    setupLink: (origin, enrolled) => gatewaySetupLink(origin, enrolled.device.name, enrolled.token, config),
    close: () => {
      clearInterval(summaryTimer);
      guestList.stop();
      logRefusalSummary();
      deps.feed.endAll();
    },
  };
}
