// Test helpers without sockets: a gateway answering through `app.fetch`, its upstream the emulator's own `app.fetch`,
// an in-memory store, every log line kept, and the client address taken from a test header (tests have no TCP peer).
import { createDoorlistServer, type DoorlistServer } from '../createServer.ts';
import { TEST_NOW } from './testServer.ts';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway/createGateway.ts';
import { emulatorUpstreamConfig, type ConfigOverrides } from '../demoSetupConfig.ts';
import type { LogLevel } from '../gateway/gatewayLog.ts';
import { openResettableStore, resetGateway, type ResettableStore } from '../gatewayReset.ts';
import type { SeenUpstreamCall } from './gatewayTestKit.ts';

/** The header these tests put their client address in; only `clientAddress` below reads it, never the gateway itself. */
export const TEST_ADDRESS_HEADER = 'x-test-client-address';
export const DEFAULT_TEST_ADDRESS = '192.0.2.10';

export interface FetchKit {
  gateway: Gateway;
  /** The emulator behind the gateway (its state: clock-independent demo data, check-ins, DMN rate limits and faults). */
  emulator: DoorlistServer;
  logLines: { level: LogLevel; line: string }[];
  upstreamCalls: SeenUpstreamCall[];
  /** The gateway's clean slate (gatewayReset.ts): keeps only these devices. */
  reset(keepDeviceIds: readonly number[]): Promise<void>;
  /** Sends a request to the gateway as `app.fetch` receives it. */
  send(path: string, init?: RequestInit & { address?: string }): Promise<Response>;
  close(): Promise<void>;
}

export function createFetchKit(
  options: { config?: ConfigOverrides; store?: ResettableStore } & Partial<Pick<GatewayOptions, 'clock' | 'monotonicMs' | 'guestListTimers' | 'startGuestList'>> = {},
): FetchKit {
  const clock = options.clock ?? (() => TEST_NOW);
  const emulator = createDoorlistServer({ controls: true, clock });
  const logLines: { level: LogLevel; line: string }[] = [];
  const upstreamCalls: SeenUpstreamCall[] = [];
  const { store, database } = options.store ?? openResettableStore(':memory:');
  const gateway = createGateway({
    config: emulatorUpstreamConfig('http://emulator.test', { database: ':memory:', ...options.config }),
    store,
    clock,
    logSink: (level, line) => logLines.push({ level, line }),
    fetchUpstream: async (url, init) => {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      upstreamCalls.push({ method: init.method ?? 'GET', url, headers, body: typeof init.body === 'string' ? init.body : null });
      return emulator.app.fetch(new Request(url, init));
    },
    clientAddress: (c) => c.req.header(TEST_ADDRESS_HEADER) ?? DEFAULT_TEST_ADDRESS,
    // Refusal budgets follow the test's clock, so a slow machine never refills one between two requests.
    monotonicMs: options.monotonicMs ?? (() => clock().getTime()),
    ...(options.guestListTimers ? { guestListTimers: options.guestListTimers } : {}),
    ...(options.startGuestList !== undefined ? { startGuestList: options.startGuestList } : {}),
  });
  return {
    gateway,
    emulator,
    logLines,
    upstreamCalls,
    reset: (keepDeviceIds) => resetGateway(gateway, database, keepDeviceIds),
    send(path, init = {}) {
      const { address, ...requestInit } = init;
      const headers = new Headers(requestInit.headers);
      headers.set(TEST_ADDRESS_HEADER, address ?? DEFAULT_TEST_ADDRESS);
      return Promise.resolve(gateway.app.fetch(new Request(`http://gateway.test${path}`, { ...requestInit, headers })));
    },
    async close() {
      gateway.close();
      await gateway.store.close();
      (await emulator.gateway).gateway.close();
    },
  };
}

/** Headers of a device's JSON request. */
export const deviceHeaders = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
