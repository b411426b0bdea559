// Enrolling, listing and withdrawing devices: the functions behind `npm run device:*`, the demo controls and the tests.
import { buildSetupLink, type SetupConfig } from '../../src/contracts/setupLink.ts';
import type { DeviceSetupConfig } from './config.ts';
import { hashDeviceToken, newDeviceToken } from './deviceTokens.ts';
import type { DeviceRow, GatewayStore } from './store.ts';

/** What the app's RunSignup client sends as `rsu_api_key` to a gateway: a placeholder, the gateway injects the real key. */
export const GATEWAY_RSU_API_KEY = 'doorlist-gateway';

export const MAX_DEVICE_NAME_CHARS = 60; // the setup link's limit for deviceName

export interface EnrolledDevice {
  device: DeviceRow;
  /** Shown once (in the setup link); only its hash is kept. */
  token: string;
}

export function checkDeviceName(raw: string): { ok: true; name: string } | { ok: false; error: string } {
  const name = raw.trim();
  if (name === '') return { ok: false, error: 'the device name is empty (e.g. --name "North gate 1")' };
  if (name.length > MAX_DEVICE_NAME_CHARS) return { ok: false, error: `the device name is longer than ${MAX_DEVICE_NAME_CHARS} characters` };
  return { ok: true, name };
}

export async function addDevice(store: GatewayStore, rawName: string, now: Date = new Date()): Promise<EnrolledDevice> {
  const checked = checkDeviceName(rawName);
  if (!checked.ok) throw new Error(checked.error);
  const token = newDeviceToken();
  const device = await store.addDevice({ name: checked.name, tokenHash: hashDeviceToken(token), createdAt: now.toISOString() });
  return { device, token };
}

export type DeviceSelector = { id: number } | { name: string };

/** Revokes the live device with this id or name; the caller ends its open event streams. */
export async function revokeDevice(store: GatewayStore, selector: DeviceSelector, now: Date = new Date()): Promise<DeviceRow | null> {
  const devices = await store.listDevices();
  const target = 'id' in selector
    ? devices.find((device) => device.id === selector.id && device.revokedAt === null)
    : devices.find((device) => device.name === selector.name.trim() && device.revokedAt === null);
  if (!target) return null;
  return (await store.revokeDevice(target.id, now.toISOString())) ? { ...target, revokedAt: now.toISOString() } : null;
}

/** `https://x///` → `https://x`. A loop, not `/\/+$/`: that pattern retries from every slash of a long run (quadratic). */
export function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end -= 1;
  return text.slice(0, end);
}

/** The setup link for a device reaching the gateway at `origin`: the gateway's paths, the device token, no upstream secret. */
export function gatewaySetupConfig(origin: string, deviceName: string, token: string, setup: Pick<DeviceSetupConfig, 'venueTimeZone' | 'source' | 'tonic' | 'runsignup'>): SetupConfig {
  const base = withoutTrailingSlashes(origin);
  return {
    v: 1,
    deviceName,
    source: setup.source,
    venueTimeZone: setup.venueTimeZone,
    tonic: { baseUrl: `${base}/api/tonic`, token, eventId: setup.tonic.eventId },
    ...(setup.runsignup
      ? { runsignup: { baseUrl: `${base}/api/runsignup`, ticketEventId: setup.runsignup.ticketEventId, apiKey: GATEWAY_RSU_API_KEY, apiSecret: token } }
      : {}),
  };
}

export function gatewaySetupLink(origin: string, deviceName: string, token: string, setup: Pick<DeviceSetupConfig, 'venueTimeZone' | 'source' | 'tonic' | 'runsignup'>): string {
  return buildSetupLink(origin, gatewaySetupConfig(origin, deviceName, token, setup));
}
