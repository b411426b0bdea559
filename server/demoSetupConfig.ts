// The setup-link configuration that points a device at this demo backend, for the CLI, the ticket page and e2e.
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
