// The setup-link contract: `/setup#config=<base64url of JSON>`, version 1. Public: extend with optional fields, never break.
import { z } from 'zod';
import { MAX_SCANS_PER_REQUEST } from './batchLimits.ts';

const baseUrl = z
  .string()
  .trim()
  .min(1, 'is empty')
  .refine((value) => /^https?:\/\/[^\s/]+/i.test(value) || value.startsWith('/'), {
    message: 'must start with http://, https:// or / (same origin as the app)',
  });

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false; // Intl throws RangeError for an unknown zone; that is the answer, not an error to keep.
  }
};

export const setupConfigSchema = z.object({
  v: z.literal(1, { message: 'unsupported version (this app reads version 1)' }),
  deviceName: z.string().trim().min(1, 'is empty').max(60, 'is longer than 60 characters'),
  source: z.string().trim().min(1, 'is empty').max(60).default('doorlist'),
  venueTimeZone: z.string().refine(isTimeZone, { message: 'is not a known time zone (e.g. Europe/London)' }),
  tonic: z.object({
    baseUrl,
    token: z.string().min(1, 'is empty'),
    eventId: z.string().trim().min(1, 'is empty'),
  }),
  runsignup: z
    .object({
      baseUrl,
      ticketEventId: z.number().int().positive(),
      apiKey: z.string().min(1, 'is empty'),
      apiSecret: z.string().min(1, 'is empty'),
    })
    .optional(),
  /**
   * Optional (added after v1 shipped): the guest list (docs/guest-list.md). `baseUrl`, `appId` and `key` (all three or
   * none) let a direct setup read DesignMyNight's Event Guests API itself; a gateway setup leaves them out (the gateway
   * holds them). `unknownCodes` and `maxAgeMinutes` set the door's policy for a code while no list is loaded or the list
   * is older than that (Settings may change both on the device).
   */
  guestList: z
    .object({
      baseUrl: baseUrl.optional(),
      appId: z.string().trim().min(1, 'is empty').optional(),
      key: z.string().min(1, 'is empty').optional(),
      unknownCodes: z.enum(['admit', 'refuse']).optional(),
      maxAgeMinutes: z.number().int().min(1).max(10_080).optional(),
    })
    .refine((list) => [list.baseUrl, list.appId, list.key].every((part) => part === undefined) || [list.baseUrl, list.appId, list.key].every((part) => part !== undefined), {
      message: 'needs baseUrl, appId and key together (or none of them)',
    })
    .optional(),
  /** Optional (added after v1 shipped; older links simply lack it): how this device sends. */
  sync: z
    .object({
      /** Scans a request, 1 to MAX_SCANS_PER_REQUEST (500, also the default). */
      batchSize: z.number().int().min(1).max(MAX_SCANS_PER_REQUEST).optional(),
      /** A backlog above this many scans is sent with Tonic's `async: true`: faster, but no per-ticket answer. Off by default. */
      asyncAboveBacklog: z.number().int().min(1).optional(),
    })
    .optional(),
});

export type SetupConfig = z.infer<typeof setupConfigSchema>;

export type SetupParseResult =
  | { ok: true; config: SetupConfig }
  | { ok: false; message: string };

const toBase64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (text: string): Uint8Array | null => {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normal)) return null;
  const padded = normal + '='.repeat((4 - (normal.length % 4)) % 4);
  try {
    return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
  } catch {
    return null; // atob throws on impossible lengths; reported below as "not base64url".
  }
};

/** Encodes a config into the fragment value, for links and setup QR codes. */
export function encodeSetupConfig(config: SetupConfig): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(config)));
}

/** Full setup link on the given app origin, e.g. `http://127.0.0.1:8787`. */
export function buildSetupLink(appOrigin: string, config: SetupConfig): string {
  return `${appOrigin.replace(/\/$/, '')}/setup#config=${encodeSetupConfig(config)}`;
}

/** Reads a URL fragment (`#config=…`, with or without `#`) into a validated config, or says what is wrong. */
export function parseSetupFragment(fragment: string): SetupParseResult {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const encoded = params.get('config');
  if (!encoded) return { ok: false, message: 'This setup link has no configuration in it (#config=… is missing).' };
  // URLSearchParams turns a '+' (standard base64, from a hand-made link) into a space: put it back.
  const bytes = fromBase64Url(encoded.trim().replace(/ /g, '+'));
  if (!bytes) return { ok: false, message: 'This setup link is damaged: its configuration is not valid base64url.' };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, message: 'This setup link is damaged: its configuration is not valid JSON.' };
  }
  const parsed = setupConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'} ${issue.message}`);
    return { ok: false, message: `This setup link is incomplete or wrong: ${issues.join('; ')}.` };
  }
  return { ok: true, config: parsed.data };
}
