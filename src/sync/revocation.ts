// A device withdrawn by its gateway (`device:revoke`): what the gateway says, and what the device keeps and forgets.
import type { SettingsRow } from '../db/tables.ts';

/** The `code` in a Doorlist gateway's 403 body for a revoked device token. */
export const DEVICE_REVOKED = 'device_revoked';

export const REVOKED_MESSAGE =
  'This device was withdrawn by the organiser and can no longer send. Its scans are kept: export them in Activity, or hand the device to the organiser.';

/** The settings with every credential blanked (a new setup link brings new ones); everything else, the outbox above all, stays. */
export function withoutCredentials(settings: SettingsRow): SettingsRow {
  const { config } = settings;
  return {
    ...settings,
    config: {
      ...config,
      tonic: { ...config.tonic, token: '' },
      ...(config.runsignup ? { runsignup: { ...config.runsignup, apiSecret: '' } } : {}),
    },
  };
}
