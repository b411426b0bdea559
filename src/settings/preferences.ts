// This door's preferences: what staff change on the device itself (Settings), apart from the setup link's config.
import type { DoorlistDatabase } from '../db/database.ts';
import type { DevicePreferences, SettingsRow } from '../db/tables.ts';

export type { DevicePreferences };
import type { SetupConfig } from '../contracts/setupLink.ts';


/**
 * A list pulled before doors must last the night offline, but refunds made since it was read are unknown to the door:
 * past four hours the door treats it as no list (the policy below), which by default still admits, in amber.
 */
export const DEFAULT_LIST_MAX_AGE_MINUTES = 240;

/** The door's guest-list policy: the device's Settings over the setup link's `guestList`, over the defaults. */
export interface GuestListPolicy {
  unknownCodes: 'admit' | 'refuse';
  maxAgeMinutes: number;
}

export const guestListPolicyOf = (config: Pick<SetupConfig, 'guestList'>, preferences: Pick<DevicePreferences, 'unknownCodes' | 'listMaxAgeMinutes'>): GuestListPolicy => ({
  unknownCodes: preferences.unknownCodes ?? config.guestList?.unknownCodes ?? 'admit',
  maxAgeMinutes: preferences.listMaxAgeMinutes ?? config.guestList?.maxAgeMinutes ?? DEFAULT_LIST_MAX_AGE_MINUTES,
});

export const DEFAULT_VERIFY_TIMEOUT_MS = 1_500;

/** Settled scans stay on the device this many days after their last change (outbox/historyRetention.ts), unless staff choose 1 to 365. */
export const DEFAULT_HISTORY_DAYS = 14;
export const MIN_HISTORY_DAYS = 1;
export const MAX_HISTORY_DAYS = 365;

export const historyDaysOf = (preferences: Pick<DevicePreferences, 'historyDays'>): number => preferences.historyDays ?? DEFAULT_HISTORY_DAYS;

export const DEFAULT_PREFERENCES: DevicePreferences = {
  sound: true,
  haptics: true,
  verifyOnlineFirst: false,
  verifyTimeoutMs: DEFAULT_VERIFY_TIMEOUT_MS,
  kioskMode: false,
  kioskPinHash: null,
  occurrenceDate: null,
  unknownCodes: null,
  listMaxAgeMinutes: null,
  historyDays: null,
};

/** The row's preferences over the defaults: rows stored before preferences existed have none. */
export const preferencesOf = (settings: Pick<SettingsRow, 'preferences'> | null | undefined): DevicePreferences => ({
  ...DEFAULT_PREFERENCES,
  ...settings?.preferences,
});

/** Changes some preferences; refuses (returns false) on a device that is not set up. */
export async function updatePreferences(db: DoorlistDatabase, patch: Partial<DevicePreferences>): Promise<boolean> {
  return db.transaction('rw', db.settings, async () => {
    const row = await db.settings.get('device');
    if (!row) return false;
    await db.settings.put({ ...row, preferences: { ...row.preferences, ...patch } });
    return true;
  });
}
