// The addresses of a Doorlist gateway's own endpoints (door feed, guest list), found beside the Tonic proxy a gateway
// setup points at (`device:add` gives Tonic a base URL ending in /api/tonic). A setup talking to Tonic directly has none.
import type { SetupConfig } from '../contracts/setupLink.ts';

/**
 * The feed of a device set up through a Doorlist gateway (`device:add` gives Tonic a base URL ending in /api/tonic):
 * the events endpoint beside it. Devices talking to Tonic directly have no feed.
 */
export function feedUrlFor(config: SetupConfig, origin: string): string | null {
  return gatewayEndpointFor(config, origin, 'events');
}

/** A gateway's own endpoint beside its Tonic proxy (`/api/<name>`), or null when the setup talks to Tonic directly. */
export function gatewayEndpointFor(config: SetupConfig, origin: string, name: 'events' | 'guestlist'): string | null {
  let tonic: URL;
  try {
    tonic = new URL(config.tonic.baseUrl, origin);
  } catch {
    return null;
  }
  if (!/\/api\/tonic\/?$/.test(tonic.pathname)) return null;
  return new URL(tonic.pathname.replace(/\/tonic\/?$/, `/${name}`), tonic).toString();
}

/** The gateway's guest list endpoint, or null when the setup talks to Tonic directly. */
export const gatewayListUrlFor = (config: SetupConfig, origin: string): string | null => gatewayEndpointFor(config, origin, 'guestlist');
