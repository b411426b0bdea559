// Setup QR codes: reading one (a setup link or bare setup JSON) into a config, saying what it will set, and making this device's clone.
import { feedUrlFor } from '../api/gatewayEndpoints.ts';
import { buildSetupLink, parseSetupFragment, setupConfigSchema, type SetupConfig } from '../contracts/setupLink.ts';
import { looksLikeSetupCode } from '../contracts/setupCodeShape.ts';

export type SetupCodeReading =
  | { kind: 'setup'; config: SetupConfig }
  /** A setup code, but one this device cannot use; the message says why. */
  | { kind: 'unusable'; message: string }
  | { kind: 'notSetup' };

function fromJson(text: string): SetupCodeReading {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'unusable', message: 'This setup code is damaged: its configuration is not valid JSON.' };
  }
  const parsed = setupConfigSchema.safeParse(json);
  if (parsed.success) return { kind: 'setup', config: parsed.data };
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'} ${issue.message}`);
  return { kind: 'unusable', message: `This setup code is incomplete or wrong: ${issues.join('; ')}.` };
}

/** What a scanned text is as a setup code. Links from any app origin are taken: the servers are in the config, not the link's host. */
export function readSetupCode(raw: string): SetupCodeReading {
  const text = raw.trim();
  if (!looksLikeSetupCode(text)) return { kind: 'notSetup' };
  if (text.startsWith('{')) return fromJson(text);
  const hash = text.slice(text.indexOf('#'));
  const parsed = parseSetupFragment(hash);
  return parsed.ok ? { kind: 'setup', config: parsed.config } : { kind: 'unusable', message: parsed.message.replace('setup link', 'setup code') };
}

const hostOf = (url: string): string => {
  if (url.startsWith('/')) return 'this app\'s own server';
  try {
    return new URL(url).host;
  } catch {
    return url; // the schema let it through; show it as written rather than hide where check-ins go
  }
};

export interface SetupFact {
  label: string;
  value: string;
  /** What this device has now, when the new setup changes it (only when replacing a setup). */
  previous?: string;
}

const factsOf = (config: SetupConfig): SetupFact[] => [
  { label: 'Device name', value: config.deviceName },
  { label: 'Event', value: config.tonic.eventId },
  { label: 'Check-ins go to', value: hostOf(config.tonic.baseUrl) },
  { label: 'RunSignup counts', value: config.runsignup ? `ticket event ${config.runsignup.ticketEventId} at ${hostOf(config.runsignup.baseUrl)}` : 'off' },
  { label: 'Guest list', value: guestListSourceOf(config) },
  { label: 'Venue time zone', value: config.venueTimeZone },
];

/** Where the door's guest list comes from (docs/guest-list.md "On the device"). */
function guestListSourceOf(config: SetupConfig): string {
  if (isGatewaySetup(config)) return 'from the gateway';
  const list = config.guestList;
  return list?.baseUrl ? `from DesignMyNight at ${hostOf(list.baseUrl)}` : 'none (a file can be imported in Activity)';
}

const credentialsOf = (config: SetupConfig): string =>
  JSON.stringify([config.tonic.token, config.runsignup?.apiKey ?? null, config.runsignup?.apiSecret ?? null, config.guestList?.appId ?? null, config.guestList?.key ?? null]);

/**
 * What a setup will set, for staff to confirm before it replaces this device's: never a token, key or secret. With the
 * current setup, each changed fact carries what it was, and a last fact says whether the credentials change (not what).
 */
export function summariseSetup(config: SetupConfig, current: SetupConfig | null = null): SetupFact[] {
  if (current === null) return factsOf(config);
  const before = factsOf(current);
  const facts = factsOf(config).map((fact, index) => (before[index]!.value === fact.value ? fact : { ...fact, previous: before[index]!.value }));
  return [...facts, { label: 'Credentials', value: credentialsOf(config) === credentialsOf(current) ? 'the same' : 'new' }];
}

/** A name for the next door, from this one's: "North gate 1" → "North gate 2", "Box office" → "Box office 2". */
export function nextDeviceName(deviceName: string): string {
  const numbered = /^(.*?)(\d+)$/.exec(deviceName.trim());
  const next = numbered ? `${numbered[1]}${Number(numbered[2]) + 1}` : `${deviceName.trim()} 2`;
  return next.length <= 60 ? next : deviceName;
}

/** This device's setup for the next device, under its own name (each door should say which door it is). */
export function cloneSetup(config: SetupConfig, deviceName: string): { ok: true; config: SetupConfig } | { ok: false; message: string } {
  // Whoever calls it: a gateway device token is one door's own, and is never copied to another.
  if (isGatewaySetup(config)) return { ok: false, message: 'A door set up through a gateway cannot be copied: each door needs its own setup link from the organiser.' };
  const parsed = setupConfigSchema.safeParse({ ...config, deviceName: deviceName.trim() });
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue?.path[0] === 'deviceName' ? `The new device's name ${issue.message}.` : `This device's setup cannot be copied: ${issue?.path.join('.')} ${issue?.message}.` };
}

/**
 * A setup through a Doorlist gateway: `device:add` gave this one device its own token (revoked, limited and logged as
 * this door). Its Tonic address is the gateway's /api/tonic, the same test that finds the gateway's door feed
 * (any origin will do: only the address's path decides).
 */
export const isGatewaySetup = (config: SetupConfig): boolean => feedUrlFor(config, 'http://doorlist.invalid') !== null;

/** A door name as one shell word, for the organiser to paste: double quotes unless the name holds a character they would not keep. */
function shellWord(name: string): string {
  return /["$`\\!]/.test(name) ? `'${name.replace(/'/g, `'\\''`)}'` : `"${name}"`;
}

export type NextDoorSetup =
  /** A direct setup: this device's setup under the new name, credentials and all (shown behind the kiosk PIN). */
  | { kind: 'copy'; gateway: false; config: SetupConfig }
  /** A gateway setup: no code to copy, since a device token is one door's own. The organiser enrols the new door with this command. */
  | { kind: 'enrol'; gateway: true; deviceName: string; command: string }
  /** The new name is refused (or this setup cannot be copied); the message says why. */
  | { kind: 'invalid'; gateway: boolean; message: string };

/** How the next door gets its setup from this one: a copy for a direct setup, never for a gateway's (its token would then name two doors). */
export function nextDoorSetup(config: SetupConfig, deviceName: string): NextDoorSetup {
  if (!isGatewaySetup(config)) {
    const clone = cloneSetup(config, deviceName);
    return clone.ok ? { kind: 'copy', gateway: false, config: clone.config } : { kind: 'invalid', gateway: false, message: clone.message };
  }
  // Only the name matters here: nothing of this device's setup goes to the next, so a withdrawn device (its token wiped) can still say what to run.
  const name = setupConfigSchema.shape.deviceName.safeParse(deviceName);
  if (!name.success) return { kind: 'invalid', gateway: true, message: `The new device's name ${name.error.issues[0]?.message ?? 'is not usable'}.` };
  return { kind: 'enrol', gateway: true, deviceName: name.data, command: `npm run device:add -- --name ${shellWord(name.data)}` };
}

/** The text a setup QR carries: the setup link, so a phone's own camera app can open it too. */
export const setupQrText = (appOrigin: string, config: SetupConfig): string => buildSetupLink(appOrigin, config);
