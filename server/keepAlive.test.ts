// Both servers keep idle keep-alive connections longer than their clients do, so a client never sends a request on a
// connection the server is closing (the cause of a "socket hang up" in the e2e's request context, once in a while).
// @vitest-environment node
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayOnEmulator, type GatewayOnEmulator } from './testing/gatewayOnEmulator.ts';
import { IDLE_KEEP_ALIVE_MS } from './keepAlive.ts';

let harness: GatewayOnEmulator;
beforeAll(async () => {
  harness = await startGatewayOnEmulator();
});
afterAll(() => harness.close());

/** The Keep-Alive header of a keep-alive GET, which tells clients how long the server holds the idle connection. */
function keepAliveHeader(url: string): Promise<string | undefined> {
  const agent = new Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => {
        agent.destroy();
        resolve(response.headers['keep-alive']?.toString());
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('idle keep-alive connections', () => {
  it('by the demo server (emulator, demo gateway and app)', async () => {
    expect(await keepAliveHeader(`${harness.emulator.url}/demo/tickets`)).toBe(`timeout=${IDLE_KEEP_ALIVE_MS / 1000}`);
  });

  it('by the production gateway', async () => {
    expect(await keepAliveHeader(`${harness.gateway.url}/api/events`)).toBe(`timeout=${IDLE_KEEP_ALIVE_MS / 1000}`);
  });
});
