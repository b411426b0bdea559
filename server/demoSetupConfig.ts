// What points at this demo backend with its public demo credentials: a device's setup link (for the CLI, the ticket
// page and e2e) and a gateway's configuration (for the demo's own gateway, the test kits, the e2e and the benches).
import { buildSetupLink, type SetupConfig } from '../src/contracts/setupLink.ts';
import {
  DEMO_DMN_APP_ID,
  DEMO_DMN_KEY,
  DEMO_EVENT_ID,
  DEMO_RSU_API_KEY,
  DEMO_RSU_API_SECRET,
  DEMO_RSU_TICKET_EVENT_ID,
  DEMO_TONIC_TOKEN,
} from './demoData.ts';
import { VENUE_TIME_ZONE } from './venueTime.ts';
import { gatewayConfigSchema, type GatewayConfig } from './gateway/config.ts';

/** Demo settings for a device that reaches this server at `origin` (e.g. `http://192.168.1.20:8787`). */
export function demoSetupConfig(origin: string): SetupConfig {
  const base = origin.replace(/\/+$/, '');
  return {
    v: 1,
    deviceName: 'Demo door 1',
    source: 'doorlist',
    venueTimeZone: VENUE_TIME_ZONE,
    tonic: { baseUrl: `${base}/tonic`, token: DEMO_TONIC_TOKEN, eventId: DEMO_EVENT_ID },
    runsignup: {
      baseUrl: `${base}/runsignup`,
      ticketEventId: DEMO_RSU_TICKET_EVENT_ID,
      apiKey: DEMO_RSU_API_KEY,
      apiSecret: DEMO_RSU_API_SECRET,
    },
    // The emulated DesignMyNight guests endpoint (docs/guest-list.md): a direct setup reads the guest list itself.
    guestList: { baseUrl: `${base}/dmn`, appId: DEMO_DMN_APP_ID, key: DEMO_DMN_KEY },
  };
}

/** The full `/setup#config=…` link for a device reaching this server at `origin`. */
export function demoSetupLink(origin: string): string {
  return buildSetupLink(origin, demoSetupConfig(origin));
}

export type ConfigOverrides = Partial<Omit<GatewayConfig, 'limits'>> & { limits?: Partial<GatewayConfig['limits']> };

/** A gateway configuration whose upstreams are the emulator at `emulatorUrl`, with the emulator's (public) demo credentials. */
export function emulatorUpstreamConfig(emulatorUrl: string, overrides: ConfigOverrides = {}): GatewayConfig {
  const base = emulatorUrl.replace(/\/+$/, '');
  const { limits, ...rest } = overrides;
  return gatewayConfigSchema.parse({
    venueTimeZone: VENUE_TIME_ZONE,
    source: 'doorlist',
    tonic: { url: `${base}/tonic`, token: DEMO_TONIC_TOKEN, eventId: DEMO_EVENT_ID },
    runsignup: { url: `${base}/runsignup`, apiKey: DEMO_RSU_API_KEY, apiSecret: DEMO_RSU_API_SECRET, ticketEventId: DEMO_RSU_TICKET_EVENT_ID },
    ...rest,
    ...(limits ? { limits } : {}),
  });
}

/** The guest list settings for the emulator's DesignMyNight endpoint at `emulatorUrl` (its public demo credentials). */
export function emulatorDmnConfig(emulatorUrl: string): NonNullable<GatewayConfig['dmn']> {
  return { url: `${emulatorUrl.replace(/\/+$/, '')}/dmn`, appId: DEMO_DMN_APP_ID, key: DEMO_DMN_KEY };
}
