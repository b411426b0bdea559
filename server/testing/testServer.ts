// Test helpers: start the real server in-process on a free port and talk to it over HTTP.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startServer, type DoorlistServerOptions, type StartedServer } from '../createServer.ts';
import { DEMO_TONIC_TOKEN } from '../demoData.ts';

/** A fixed instant (Tuesday 24 November 2026, 18:30 in London) so date-dependent replies are predictable. */
export const TEST_NOW = new Date('2026-11-24T18:30:00Z');

export function startTestServer(options: Partial<DoorlistServerOptions> = {}): Promise<StartedServer> {
  return startServer({ controls: true, clock: () => TEST_NOW, ...options, port: 0, host: '127.0.0.1' });
}

/**
 * One emulator for a test file, reset before every test. The returned object reads through to the running server
 * (its `url`, `state`, …), so tests write `server.url` as with a plain StartedServer.
 */
export function useTestServer(options: Partial<DoorlistServerOptions> = {}): StartedServer {
  let started: StartedServer | null = null;
  beforeAll(async () => {
    started = await startTestServer(options);
  });
  beforeEach(async () => {
    await fetch(`${current().url}/__control/reset`, { method: 'POST' });
  });
  afterAll(() => current().close());
  const current = (): StartedServer => {
    if (!started) throw new Error('useTestServer: the server is not started yet (use it inside tests)');
    return started;
  };
  return {
    get url() {
      return current().url;
    },
    get port() {
      return current().port;
    },
    get state() {
      return current().state;
    },
    close: () => current().close(),
  };
}

export const TONIC_HEADERS: Readonly<Record<string, string>> = {
  authorization: `Bearer ${DEMO_TONIC_TOKEN}`,
  'content-type': 'application/json',
};

export interface TicketItemInput {
  ticket_id: string;
  device_name?: string;
  time?: string;
  source?: string;
}

export function ticketItems(items: readonly TicketItemInput[]) {
  return items.map((item) => ({ device_name: 'Door A', time: '2026-11-24 19:05:00', source: 'doorlist-test', ...item }));
}

/** POSTs a Tonic batch and returns status and parsed JSON. */
export async function postTonic(baseUrl: string, path: string, body: unknown, headers = TONIC_HEADERS) {
  const response = await fetch(`${baseUrl}/tonic${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
}

export async function getJson(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
}

/** Polls until `probe` returns a value other than undefined; fails after `timeoutMs` (no fixed sleeps in tests). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
