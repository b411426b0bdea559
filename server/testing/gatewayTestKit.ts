// Test helpers: one emulator + gateway per test file, reset between tests, with every upstream call seen at the network edge.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { TEST_NOW } from './testServer.ts';
import type { EnrolledDevice } from '../gateway/devices.ts';
import { startGatewayOnEmulator, type GatewayOnEmulator, type GatewayOnEmulatorOptions } from './gatewayOnEmulator.ts';
import type { LogLevel } from '../gateway/gatewayLog.ts';

/** An upstream request as it left the gateway: what the real API would see. */
export interface SeenUpstreamCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface GatewayKit {
  readonly harness: GatewayOnEmulator;
  readonly url: string;
  readonly upstreamCalls: SeenUpstreamCall[];
  readonly logLines: { level: LogLevel; line: string }[];
  enrol(name: string): Promise<EnrolledDevice>;
}

/** Starts an emulator and a gateway for the file; before each test: emulator reset, gateway memory and devices cleared. */
export function useGateway(options: GatewayOnEmulatorOptions = {}): GatewayKit {
  let harness: GatewayOnEmulator | null = null;
  const upstreamCalls: SeenUpstreamCall[] = [];
  const logLines: { level: LogLevel; line: string }[] = [];
  const current = (): GatewayOnEmulator => {
    if (!harness) throw new Error('useGateway: not started yet (use it inside tests)');
    return harness;
  };
  beforeAll(async () => {
    harness = await startGatewayOnEmulator({
      clock: () => TEST_NOW,
      logSink: (level, line) => logLines.push({ level, line }),
      fetchUpstream: async (url, init) => {
        const headers = Object.fromEntries(new Headers(init.headers).entries());
        upstreamCalls.push({ method: init.method ?? 'GET', url, headers, body: typeof init.body === 'string' ? init.body : null });
        return fetch(url, init);
      },
      ...options,
    });
  });
  beforeEach(async () => {
    const { emulator } = current();
    await fetch(`${emulator.url}/__control/reset`, { method: 'POST' });
    await current().reset([]);
    upstreamCalls.length = 0;
  });
  afterAll(() => current().close());
  return {
    get harness() {
      return current();
    },
    get url() {
      return current().gateway.url;
    },
    upstreamCalls,
    logLines,
    enrol: (name) => current().gateway.gateway.addDevice(name),
  };
}

export const item = (ticketId: string, door = 'North gate 1', time = '2026-11-24 19:05:00') => ({ ticket_id: ticketId, device_name: door, time, source: 'doorlist-test' });

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text; // a non-JSON reply is kept as text so the test can show it
  }
  return { status: response.status, body: json as Record<string, unknown>, headers: response.headers };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** POSTs a check-in batch through the gateway as a device. */
export function checkIn(kit: GatewayKit, token: string, items: unknown[], isAsync = false) {
  return postJson(`${kit.url}/api/tonic/checkin/tickets`, { tickets: items, async: isAsync }, bearer(token));
}

export function checkOut(kit: GatewayKit, token: string, items: unknown[]) {
  return postJson(`${kit.url}/api/tonic/checkout/tickets`, { tickets: items, async: false }, bearer(token));
}

/** The flattened per-ticket entries of a check-in reply. */
export function entriesOf(body: Record<string, unknown>, key: 'check_ins' | 'check_outs' = 'check_ins'): Record<string, unknown>[] {
  const outer = body[key];
  return Array.isArray(outer) ? (outer.flat() as Record<string, unknown>[]) : [];
}

/** What the emulator received, read back through its controls. */
export async function emulatorCheckIns(kit: GatewayKit): Promise<{ ticket_id: string; device_name: string; time: string; async: boolean; result: string }[]> {
  const response = await fetch(`${kit.harness.emulator.url}/__control/checkins`);
  return ((await response.json()) as { checkins: { ticket_id: string; device_name: string; time: string; async: boolean; result: string }[] }).checkins;
}
