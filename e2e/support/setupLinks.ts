// Setup links for test devices. The APIs sit on another origin than the app (localhost vs 127.0.0.1), so CORS is exercised.
import { buildSetupLink, type SetupConfig } from '../../src/contracts/setupLink.ts';
import { E2E_PORT } from '../../playwright.config.ts';

export const APP_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
export const API_ORIGIN = `http://localhost:${E2E_PORT}`;

export function deviceConfig(deviceName: string): SetupConfig {
  return {
    v: 1,
    deviceName,
    source: 'doorlist',
    venueTimeZone: 'Europe/London',
    tonic: { baseUrl: `${API_ORIGIN}/tonic`, token: 'demo-token', eventId: '60001c4569308525d873cbd7' },
    runsignup: { baseUrl: `${API_ORIGIN}/runsignup`, ticketEventId: 123, apiKey: 'demo-rsu-key', apiSecret: 'demo-rsu-secret' },
  };
}

export const setupLinkFor = (deviceName: string) => buildSetupLink(APP_ORIGIN, deviceConfig(deviceName));

/** A direct setup that also reads the guest list from the emulated DesignMyNight (as the demo's own setup link does). */
export function deviceConfigWithList(deviceName: string): SetupConfig {
  return { ...deviceConfig(deviceName), guestList: { baseUrl: `${API_ORIGIN}/dmn`, appId: 'demo-dmn-app', key: 'demo-dmn-key' } };
}
