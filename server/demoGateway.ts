// The gateway inside the demo server: the in-process emulator as upstream, an in-memory store, a public demo device, test controls.
import { Hono } from 'hono';
import { z } from 'zod';
import { parseJsonBody } from './jsonBody.ts';
import type { ServerEnv } from './serverEnv.ts';
import { createGateway, type Gateway } from './gateway/createGateway.ts';
import { hashDeviceToken } from './gateway/deviceTokens.ts';
import { gatewaySetupLink } from './gateway/devices.ts';
import { emulatorDmnConfig, emulatorUpstreamConfig } from './demoSetupConfig.ts';
import { DEMO_EVENT } from './demoData.ts';
import type { LogSink } from './gateway/gatewayLog.ts';
import { openResettableStore, resetGateway } from './gatewayReset.ts';

/** Like every other demo credential, public: it only ever opens the demo's own in-memory gateway. */
export const DEMO_GATEWAY_DEVICE_TOKEN = 'demo-gateway-device-token';
export const DEMO_GATEWAY_DEVICE_NAME = 'Demo gateway door';

/** `Ab3dEf…`: enough to tell two tokens apart in a test's output, not enough to use one. */
export const maskToken = (token: string): string => `${token.slice(0, 4)}…`;

export interface DemoGateway {
  gateway: Gateway;
  /** Points the gateway at the emulator once the server knows its own address (the port may be chosen at listen). */
  bindUpstream(origin: string): void;
  /** The setup link of the demo device, for a device reaching the demo at `origin`. */
  demoSetupLink(origin: string): string;
  /** Forgets check-ins, presence, the guest list and every device but the demo device (each emulator reset calls it). */
  reset(): Promise<void>;
  /** /__control/gateway/*: enrol and revoke devices, read what the gateway recorded. */
  controls(): Hono<ServerEnv>;
}

export async function createDemoGateway(options: { logSink?: LogSink; clock?: () => Date } = {}): Promise<DemoGateway> {
  // Placeholder upstream until bindUpstream: nothing is forwarded before the server listens.
  const config = emulatorUpstreamConfig('http://127.0.0.1:1', {
    database: ':memory:',
    // The guest list from the emulator's DesignMyNight endpoint, pulled once a door first asks for it (so the emulator's
    // own tests see no traffic from a gateway nobody asked); the minimum age is the demo event's.
    dmn: emulatorDmnConfig('http://127.0.0.1:1'),
    guestList: { refreshMinutes: 5, minimumAge: DEMO_EVENT.minimumAge },
  });
  const { store, database } = openResettableStore(':memory:');
  const gateway = createGateway({
    config,
    store,
    startGuestList: 'onFirstAsk',
    ...(options.logSink ? { logSink: options.logSink } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const demoDevice = await store.addDevice({
    name: DEMO_GATEWAY_DEVICE_NAME,
    tokenHash: hashDeviceToken(DEMO_GATEWAY_DEVICE_TOKEN),
    createdAt: (options.clock ?? (() => new Date()))().toISOString(),
  });

  return {
    gateway,
    bindUpstream(origin) {
      const bound = emulatorUpstreamConfig(origin);
      // The gateway reads its config at every call, so updating the URLs in place re-points it.
      config.tonic.url = bound.tonic.url;
      if (config.runsignup && bound.runsignup) config.runsignup.url = bound.runsignup.url;
      config.dmn = emulatorDmnConfig(origin);
      gateway.guestList.start(); // armed: the first GET /api/guestlist starts the schedule
    },
    demoSetupLink: (origin) => gatewaySetupLink(origin, DEMO_GATEWAY_DEVICE_NAME, DEMO_GATEWAY_DEVICE_TOKEN, config),
    reset: () => resetGateway(gateway, database, [demoDevice.id]),
    controls() {
      const app = new Hono<ServerEnv>();
      app.post('/devices', async (c) => {
        const parsed = parseJsonBody(await c.req.text(), z.object({ name: z.string(), origin: z.string().url().optional() }));
        if (!parsed.ok) return c.json({ error: parsed.error }, 400);
        try {
          const enrolled = await gateway.addDevice(parsed.value.name);
          const origin = parsed.value.origin ?? new URL(c.req.url).origin;
          // The token itself only inside the setup link, which the device needs; on its own, only its first characters.
          return c.json({ id: enrolled.device.id, name: enrolled.device.name, tokenHint: maskToken(enrolled.token), setupLink: gateway.setupLink(origin, enrolled) });
        } catch (error) {
          return c.json({ error: error instanceof Error ? error.message : String(error) }, 409);
        }
      });
      app.post('/devices/:id/revoke', async (c) => {
        const revoked = await gateway.revokeDevice({ id: Number(c.req.param('id')) });
        return revoked ? c.json({ revoked: { id: revoked.id, name: revoked.name, revokedAt: revoked.revokedAt } }) : c.json({ error: 'No such live device' }, 404);
      });
      app.get('/devices', async (c) => c.json({ devices: (await store.listDevices()).map(({ tokenHash: _hash, ...device }) => device) }));
      app.get('/checkins', async (c) => c.json({ checkins: await store.movementsAfter(0, 100_000) }));
      app.get('/audit', async (c) => c.json({ audit: await store.auditLog() }));
      app.post('/reset', async (c) => {
        await resetGateway(gateway, database, [demoDevice.id]);
        return c.json({ ok: true });
      });
      return app;
    },
  };
}
