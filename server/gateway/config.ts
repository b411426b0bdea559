// The gateway's configuration: upstream URLs and the credentials only it holds, from the environment or a JSON file, checked at start.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../jsonBody.ts';

export const DEFAULT_DATABASE_FILE = path.join('.server-data', 'gateway.sqlite');
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/**
 * 20 requests a second per device, bursts of 40. The app sends one batch at a time and batches every scan that arrived
 * while the previous request was out, so a door scanning 20 tickets a second makes at most 20 check-in requests a
 * second (fewer as soon as a reply takes longer than 50 ms). RunSignup counts have a bucket of their own, so a door's
 * count refreshes never eat its check-ins' allowance. The burst covers a reconnect: the events stream, a backlog and
 * the counts at once.
 */
export const DEFAULT_RATE_PER_SECOND = 20;
export const DEFAULT_RATE_BURST = 40;
/** How often the gateway pulls the guest list from DesignMyNight: 12 calls an hour per occurrence, within its hourly limit. */
export const DEFAULT_GUEST_LIST_REFRESH_MINUTES = 5;

const required = (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : 'has the wrong type');

const httpUrl = z
  .string({ error: required })
  .trim()
  .regex(/^https?:\/\/[^\s/]+/i, 'must be an http:// or https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false; // Intl throws RangeError for an unknown zone: that is the answer
  }
};

/** What a device's setup link needs: no secret in here, so `device:add` can run on this part alone. */
const deviceSetupShape = {
  /** Where devices reach the gateway (and the app it serves), e.g. `https://doors.example.org`. */
  publicOrigin: httpUrl.optional(),
  venueTimeZone: z.string().refine(isTimeZone, 'is not a known time zone (e.g. Europe/London)').default('Europe/London'),
  source: z.string().trim().min(1).max(60).default('doorlist'),
};

const limitsSchema = z
  .object({
    upstreamTimeoutMs: z.number().int().min(100).max(120_000).default(DEFAULT_UPSTREAM_TIMEOUT_MS),
    maxBodyBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(DEFAULT_MAX_BODY_BYTES),
    ratePerSecond: z.number().positive().max(10_000).default(DEFAULT_RATE_PER_SECOND),
    rateBurst: z.number().int().min(1).max(100_000).default(DEFAULT_RATE_BURST),
  })
  .default({
    upstreamTimeoutMs: DEFAULT_UPSTREAM_TIMEOUT_MS,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    ratePerSecond: DEFAULT_RATE_PER_SECOND,
    rateBurst: DEFAULT_RATE_BURST,
  });

const tonicEventId = z.string({ error: required }).trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Tonic event id (letters and digits)');

export const gatewayConfigSchema = z.object({
  ...deviceSetupShape,
  tonic: z.object(
    {
      url: httpUrl,
      token: z.string({ error: required }).min(1, 'is empty'),
      eventId: tonicEventId,
    },
    { error: required },
  ),
  runsignup: z
    .object(
      {
        url: httpUrl,
        apiKey: z.string({ error: required }).min(1, 'is empty'),
        apiSecret: z.string({ error: required }).min(1, 'is empty'),
        ticketEventId: z.number({ error: required }).int().positive(),
      },
      { error: required },
    )
    .optional(),
  /**
   * The DesignMyNight Event Guests API the guest list comes from (its event is `tonic.eventId`: one platform, one id).
   * Omitted, the gateway pulls no list (a file import with `npm run guests:import` still works).
   */
  dmn: z
    .object(
      {
        url: httpUrl,
        appId: z.string({ error: required }).trim().min(1, 'is empty').max(200, 'is too long'),
        key: z.string({ error: required }).min(1, 'is empty').max(500, 'is too long'),
      },
      { error: required },
    )
    .optional(),
  guestList: z
    .object({
      /** Minutes between two pulls of the list. */
      refreshMinutes: z.number().int().min(1).max(24 * 60).default(DEFAULT_GUEST_LIST_REFRESH_MINUTES),
      /** The event's minimum age as doors show it ("Over 18"); omitted, learned from Tonic's purchase replies. */
      minimumAge: z.string().trim().min(1, 'is empty').max(40, 'must be at most 40 characters').optional(),
    })
    .default({ refreshMinutes: DEFAULT_GUEST_LIST_REFRESH_MINUTES }),
  /** The SQLite file (relative to the working directory). */
  database: z.string().min(1).default(DEFAULT_DATABASE_FILE),
  limits: limitsSchema,
  /**
   * Addresses of the reverse proxies in front of the gateway (e.g. `["127.0.0.1"]` for a TLS proxy on this host). Only
   * from these is `X-Forwarded-For` read, for counting refusals per client; empty (the default), it is never read.
   */
  trustedProxies: z.array(z.string().trim().regex(/^[0-9A-Fa-f:.]{2,45}$/, 'must be IP addresses')).max(20).default([]),
}).superRefine((config, context) => {
  // DesignMyNight names the event by its 24-hex object id, which is Tonic's event id on the same platform.
  if (config.dmn && !/^[0-9A-Fa-f]{24}$/.test(config.tonic.eventId)) {
    context.addIssue({ code: 'custom', path: ['tonic', 'eventId'], message: 'must be the 24-hex event id (0-9, a-f) when the guest list comes from DesignMyNight' });
  }
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayLimits = GatewayConfig['limits'];

/** The credentials only the gateway holds, for the log scrubber: never written to a log line, a URL or a device. */
export function gatewaySecrets(config: GatewayConfig): string[] {
  return [
    config.tonic.token,
    ...(config.runsignup ? [config.runsignup.apiSecret, config.runsignup.apiKey] : []),
    ...(config.dmn ? [config.dmn.key, config.dmn.appId] : []),
  ];
}

export const deviceSetupConfigSchema = z.object({
  ...deviceSetupShape,
  tonic: z.object({ eventId: tonicEventId }, { error: required }),
  runsignup: z.object({ ticketEventId: z.number({ error: required }).int().positive() }).optional(),
  database: z.string().min(1).default(DEFAULT_DATABASE_FILE),
});

export type DeviceSetupConfig = z.infer<typeof deviceSetupConfigSchema>;

/** Environment variables, each overriding the file's value. */
export const ENV_NAMES = {
  tonicUrl: 'DOORLIST_TONIC_URL',
  tonicToken: 'DOORLIST_TONIC_TOKEN',
  tonicEventId: 'DOORLIST_TONIC_EVENT_ID',
  runsignupUrl: 'DOORLIST_RUNSIGNUP_URL',
  rsuApiKey: 'DOORLIST_RSU_API_KEY',
  rsuApiSecret: 'DOORLIST_RSU_API_SECRET',
  rsuTicketEventId: 'DOORLIST_RSU_TICKET_EVENT_ID',
  venueTimeZone: 'DOORLIST_VENUE_TIME_ZONE',
  publicOrigin: 'DOORLIST_PUBLIC_ORIGIN',
  database: 'DOORLIST_GATEWAY_DB',
  trustedProxies: 'DOORLIST_TRUSTED_PROXIES',
  dmnUrl: 'DOORLIST_DMN_URL',
  dmnAppId: 'DOORLIST_DMN_APP_ID',
  dmnKey: 'DOORLIST_DMN_KEY',
  guestListRefreshMinutes: 'DOORLIST_GUEST_LIST_REFRESH_MINUTES',
  minimumAge: 'DOORLIST_MINIMUM_AGE',
} as const;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Numbers from the environment arrive as text; a bad one is left as text so the schema names it. */
const numberOrText = (text: string): number | string => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

/** Merges the environment over the file's JSON: env wins, so a secret can live only in the environment. */
export function mergeEnvironment(file: JsonObject, env: NodeJS.ProcessEnv): JsonObject {
  const read = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const merged: JsonObject = { ...file };
  const section = (key: 'tonic' | 'runsignup' | 'dmn' | 'guestList'): JsonObject => {
    const existing = merged[key];
    const copy: JsonObject = isObject(existing) ? { ...existing } : {};
    merged[key] = copy;
    return copy;
  };
  const set = (target: () => JsonObject, key: string, name: string, convert: (text: string) => unknown = (text) => text) => {
    const value = read(name);
    if (value !== undefined) target()[key] = convert(value);
  };
  set(() => section('tonic'), 'url', ENV_NAMES.tonicUrl);
  set(() => section('tonic'), 'token', ENV_NAMES.tonicToken);
  set(() => section('tonic'), 'eventId', ENV_NAMES.tonicEventId);
  set(() => section('runsignup'), 'url', ENV_NAMES.runsignupUrl);
  set(() => section('runsignup'), 'apiKey', ENV_NAMES.rsuApiKey);
  set(() => section('runsignup'), 'apiSecret', ENV_NAMES.rsuApiSecret);
  set(() => section('runsignup'), 'ticketEventId', ENV_NAMES.rsuTicketEventId, numberOrText);
  set(() => section('dmn'), 'url', ENV_NAMES.dmnUrl);
  set(() => section('dmn'), 'appId', ENV_NAMES.dmnAppId);
  set(() => section('dmn'), 'key', ENV_NAMES.dmnKey);
  set(() => section('guestList'), 'refreshMinutes', ENV_NAMES.guestListRefreshMinutes, numberOrText);
  set(() => section('guestList'), 'minimumAge', ENV_NAMES.minimumAge);
  set(() => merged, 'venueTimeZone', ENV_NAMES.venueTimeZone);
  set(() => merged, 'publicOrigin', ENV_NAMES.publicOrigin);
  set(() => merged, 'database', ENV_NAMES.database);
  set(() => merged, 'trustedProxies', ENV_NAMES.trustedProxies, (text) => text.split(',').map((part) => part.trim()).filter(Boolean));
  // An empty RunSignup section means "no RunSignup", not "RunSignup with every field missing".
  if (isObject(merged.runsignup) && Object.keys(merged.runsignup).length === 0) delete merged.runsignup;
  if (isObject(merged.tonic) && Object.keys(merged.tonic).length === 0) delete merged.tonic;
  if (isObject(merged.dmn) && Object.keys(merged.dmn).length === 0) delete merged.dmn;
  if (isObject(merged.guestList) && Object.keys(merged.guestList).length === 0) delete merged.guestList;
  return merged;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The warning for a public origin in plain http:// on a host other than this machine (null when there is none to give):
 * every device token, check-in and note would cross the venue network readable by anyone on it.
 */
export function plainHttpOriginWarning(origin: string | undefined): string | null {
  if (origin === undefined) return null;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null; // the schema has already said what is wrong with it
  }
  if (url.protocol !== 'http:' || LOOPBACK_HOST.test(url.hostname)) return null;
  return (
    `the public origin ${url.origin} is plain http:// on a host other than this machine. Every device token, check-in and ` +
    'booking note would cross the network unencrypted, readable by anyone on the venue wifi, and phones keep the camera ' +
    'off outside https. Put TLS in front of the gateway and use an https:// origin.'
  );
}

/** True when devices reach the gateway over https: then browsers are told to use nothing else (HSTS). */
export const isHttpsOrigin = (origin: string | undefined): boolean => origin !== undefined && /^https:\/\//i.test(origin);

export type Loaded<T> = { ok: true; config: T; warnings: string[] } | { ok: false; error: string };

function readConfigFile(file: string | undefined): { ok: true; json: JsonObject; warnings: string[] } | { ok: false; error: string } {
  if (file === undefined) return { ok: true, json: {}, warnings: [] };
  let text: string;
  const warnings: string[] = [];
  try {
    text = readFileSync(file, 'utf8');
    // Group or world may read the file: a secret in it is then readable by every account on the host.
    if ((statSync(file).mode & 0o077) !== 0) warnings.push(`${file} can be read by other accounts on this host: chmod 600 it, or keep the secrets in the environment`);
  } catch (error) {
    return { ok: false, error: `cannot read the config file ${file} (${error instanceof Error ? error.message : String(error)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the config file ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!isObject(json)) return { ok: false, error: `the config file ${file} must hold a JSON object` };
  return { ok: true, json, warnings };
}

function load<T>(schema: z.ZodType<T>, file: string | undefined, env: NodeJS.ProcessEnv): Loaded<T> {
  const read = readConfigFile(file);
  if (!read.ok) return read;
  const parsed = schema.safeParse(mergeEnvironment(read.json, env));
  if (!parsed.success) {
    // describeIssues names the field and what is wrong with it, never the value (which may be a secret).
    return { ok: false, error: `the gateway configuration is incomplete or wrong: ${describeIssues(parsed.error)}. ${CONFIG_HELP}` };
  }
  const plainHttp = plainHttpOriginWarning((parsed.data as { publicOrigin?: string }).publicOrigin);
  return { ok: true, config: parsed.data, warnings: plainHttp === null ? read.warnings : [...read.warnings, plainHttp] };
}

export const CONFIG_HELP =
  `Set ${ENV_NAMES.tonicUrl}, ${ENV_NAMES.tonicToken} and ${ENV_NAMES.tonicEventId} (and for RunSignup ${ENV_NAMES.runsignupUrl}, ` +
  `${ENV_NAMES.rsuApiKey}, ${ENV_NAMES.rsuApiSecret}, ${ENV_NAMES.rsuTicketEventId}; for the guest list ${ENV_NAMES.dmnUrl}, ` +
  `${ENV_NAMES.dmnAppId}, ${ENV_NAMES.dmnKey}), or pass --config gateway.config.json.`;

/** The full configuration, for the running gateway. */
export function loadGatewayConfig(file: string | undefined, env: NodeJS.ProcessEnv): Loaded<GatewayConfig> {
  return load(gatewayConfigSchema, file, env);
}

/** Only what a setup link needs, for `device:add` (which must not need the upstream secrets). */
export function loadDeviceSetupConfig(file: string | undefined, env: NodeJS.ProcessEnv): Loaded<DeviceSetupConfig> {
  return load(deviceSetupConfigSchema, file, env);
}
