// Where a door's guest list comes from (its gateway, DesignMyNight directly, or nowhere), how often each source is asked,
// and the one lock that keeps two tabs from writing the list at once. The refresher (feeds/guestListRefresher.ts) runs it.
import { gatewayListUrlFor } from '../api/gatewayEndpoints.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';

/** A gateway answers "what changed since version V" from its own store: cheap, so every minute. */
export const GATEWAY_LIST_REFRESH_MS = 60_000;
/**
 * DesignMyNight allows about 100 requests an hour per app id, shared by every door of a direct setup; a refresh costs
 * one or two (the door's occurrence, and today). Every 10 minutes: 6 to 12 an hour per door.
 */
export const DMN_LIST_REFRESH_MS = 10 * 60_000;
/** Back online, or asked again by a screen: not more often than this, whatever the reason. */
export const MIN_REFRESH_GAP_MS = 60_000;

export type GuestListSource = 'gateway' | 'dmn';

/** Where this setup's list comes from: its gateway, DesignMyNight (credentials in the link), or nowhere (null). */
export function guestListSourceOf(config: SetupConfig, origin: string): GuestListSource | null {
  if (gatewayListUrlFor(config, origin) !== null) return 'gateway';
  const list = config.guestList;
  return list?.baseUrl && list.appId && list.key ? 'dmn' : null;
}

/** Web Locks name: two open tabs never download, import or write the list at once. */
export const GUEST_LIST_LOCK = 'doorlist-guest-list';
