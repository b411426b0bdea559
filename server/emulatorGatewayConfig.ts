// A gateway's configuration pointing at the demo emulator (its public demo credentials): the demo server's own gateway,
// the test kits, the e2e and the benches build theirs here.
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
