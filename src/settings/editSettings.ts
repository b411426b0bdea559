// Settings screen → a new SetupConfig: the form's text checked field by field and against the setup-link schema, all or nothing.
import type { SettingsRow } from '../db/tables.ts';
import { setupConfigSchema, type SetupConfig } from '../contracts/setupLink.ts';
import { MAX_SCANS_PER_REQUEST } from '../contracts/batchLimits.ts';
import { MAX_HISTORY_DAYS, MIN_HISTORY_DAYS } from './preferences.ts';

/** What staff edit, as the inputs hold it (text). Credentials are never filled in: blank means "keep the current one". */
export interface SettingsForm {
  deviceName: string;
  venueTimeZone: string;
  tonicBaseUrl: string;
  tonicToken: string;
  tonicEventId: string;
  runsignupOn: boolean;
  runsignupBaseUrl: string;
  runsignupTicketEventId: string;
  runsignupApiKey: string;
  runsignupApiSecret: string;
  batchSize: string;
  /** Blank: the async policy is off (live scans always get a per-ticket answer). */
  asyncAboveBacklog: string;
}

export type SettingsField = Exclude<keyof SettingsForm, 'runsignupOn'>;
export type FieldErrors = Partial<Record<SettingsField, string>>;

export type EditSettingsResult =
  | { ok: true; config: SetupConfig; changed: boolean }
  | { ok: false; errors: FieldErrors; /** Problems with no field of their own on the form (an old setup's `source`, say). */ other: string[] };

export type CurrentSetup = Pick<SettingsRow, 'config' | 'batchSize' | 'asyncAboveBacklog'>;

export const MIN_VERIFY_WAIT_MS = 200;
export const MAX_VERIFY_WAIT_MS = 10_000;

/** The words each field goes by on the screen; errors start with them so they read on their own. */
export const FIELD_LABELS: Record<SettingsField, string> = {
  deviceName: 'Device name',
  venueTimeZone: 'Venue time zone',
  tonicBaseUrl: 'Tonic address',
  tonicToken: 'Tonic token',
  tonicEventId: 'Tonic event id',
  runsignupBaseUrl: 'RunSignup address',
  runsignupTicketEventId: 'RunSignup ticket event',
  runsignupApiKey: 'RunSignup API key',
  runsignupApiSecret: 'RunSignup API secret',
  batchSize: 'Scans per request',
  asyncAboveBacklog: 'Send in bulk above (scans)',
};

/** Where the schema's paths land on the form. */
const FIELD_OF_PATH: Record<string, SettingsField> = {
  deviceName: 'deviceName',
  venueTimeZone: 'venueTimeZone',
  'tonic.baseUrl': 'tonicBaseUrl',
  'tonic.token': 'tonicToken',
  'tonic.eventId': 'tonicEventId',
  'runsignup.baseUrl': 'runsignupBaseUrl',
  'runsignup.ticketEventId': 'runsignupTicketEventId',
  'runsignup.apiKey': 'runsignupApiKey',
  'runsignup.apiSecret': 'runsignupApiSecret',
  'sync.batchSize': 'batchSize',
  'sync.asyncAboveBacklog': 'asyncAboveBacklog',
};

/** A credential for the screen: dots and at most its last 3 characters, and none of a short one (3 of 6 is half a secret). */
export function maskSecret(secret: string): string {
  return secret.length >= 9 ? `••••••${secret.slice(-3)}` : '••••••';
}

export function settingsFormOf(current: CurrentSetup): SettingsForm {
  const { config } = current;
  return {
    deviceName: config.deviceName,
    venueTimeZone: config.venueTimeZone,
    tonicBaseUrl: config.tonic.baseUrl,
    tonicToken: '',
    tonicEventId: config.tonic.eventId,
    runsignupOn: config.runsignup !== undefined,
    runsignupBaseUrl: config.runsignup?.baseUrl ?? '',
    runsignupTicketEventId: config.runsignup ? String(config.runsignup.ticketEventId) : '',
    runsignupApiKey: '',
    runsignupApiSecret: '',
    batchSize: String(config.sync?.batchSize ?? current.batchSize),
    asyncAboveBacklog: current.asyncAboveBacklog ? String(current.asyncAboveBacklog) : '',
  };
}

/** A whole number typed by a person, or why not. */
function wholeNumber(text: string, min: number, max: number): { value: number } | { problem: string } {
  const trimmed = text.trim().replace(/[ ,_]/g, '');
  if (trimmed === '') return { problem: 'is empty' };
  if (!/^\d+$/.test(trimmed)) return { problem: 'must be a whole number' };
  const value = Number(trimmed);
  if (value < min || value > max) return { problem: `must be from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}` };
  return { value };
}

/** The schema lets through anything after `https://`; a person's typo (a space, a stray character) should be caught here. */
function urlProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.startsWith('/')) return null; // the schema words these cases
  try {
    new URL(trimmed);
    return /\s/.test(trimmed) ? 'must not contain spaces' : null;
  } catch {
    return 'is not a web address (e.g. https://tickets.example.com/api)';
  }
}

/** Keeps a credential when its field is left blank; a changed one is taken as typed, apart from stray spaces at the ends. */
const credential = (typed: string, current: string | undefined): string => (typed.trim() === '' ? (current ?? '') : typed.trim());

/**
 * Builds the config the form describes. Every problem comes back at once, as words next to its field; nothing is
 * stored here, so a refused form changes nothing. `changed` is false when the result equals the current setup.
 */
export function editSettings(current: CurrentSetup, form: SettingsForm): EditSettingsResult {
  const errors: FieldErrors = {};
  const was = current.config;

  for (const field of ['tonicBaseUrl', 'runsignupBaseUrl'] as const) {
    if (field === 'runsignupBaseUrl' && !form.runsignupOn) continue;
    const problem = urlProblem(form[field]);
    if (problem) errors[field] = problem;
  }
  const batch = wholeNumber(form.batchSize, 1, MAX_SCANS_PER_REQUEST);
  if ('problem' in batch) errors.batchSize = batch.problem;
  let asyncAboveBacklog: number | undefined;
  if (form.asyncAboveBacklog.trim() !== '') {
    const parsed = wholeNumber(form.asyncAboveBacklog, 1, 1_000_000);
    if ('problem' in parsed) errors.asyncAboveBacklog = parsed.problem;
    else asyncAboveBacklog = parsed.value;
  }
  let runsignup: SetupConfig['runsignup'];
  if (form.runsignupOn) {
    const ticketEvent = wholeNumber(form.runsignupTicketEventId, 1, Number.MAX_SAFE_INTEGER);
    if ('problem' in ticketEvent) errors.runsignupTicketEventId = ticketEvent.problem;
    const apiKey = credential(form.runsignupApiKey, was.runsignup?.apiKey);
    const apiSecret = credential(form.runsignupApiSecret, was.runsignup?.apiSecret);
    // Blank keeps the current one: with none on the device yet, there is nothing to keep.
    if (apiKey === '') errors.runsignupApiKey = 'is needed: this device has none yet';
    if (apiSecret === '') errors.runsignupApiSecret = 'is needed: this device has none yet';
    runsignup = {
      baseUrl: form.runsignupBaseUrl.trim(),
      ticketEventId: 'value' in ticketEvent ? ticketEvent.value : 0,
      apiKey,
      apiSecret,
    };
  }

  const candidate = {
    ...was,
    deviceName: form.deviceName.trim(),
    venueTimeZone: form.venueTimeZone.trim(),
    tonic: { baseUrl: form.tonicBaseUrl.trim(), token: credential(form.tonicToken, was.tonic.token), eventId: form.tonicEventId.trim() },
    runsignup,
    sync: { batchSize: 'value' in batch ? batch.value : current.batchSize, ...(asyncAboveBacklog === undefined ? {} : { asyncAboveBacklog }) },
  };
  if (candidate.runsignup === undefined) delete candidate.runsignup;

  const parsed = setupConfigSchema.safeParse(candidate);
  const other: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const field = FIELD_OF_PATH[path];
      // Our own checks above speak more plainly; keep the first word on a field.
      if (field) errors[field] ??= issue.message;
      else other.push(`${path || 'setup'} ${issue.message}`);
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors, other };
  return { ok: true, config: parsed.data, changed: !sameSetup(parsed.data, normalised(current)) };
}

/** The current setup as the form would write it, so "nothing changed" is not a difference in `sync` alone. */
function normalised(current: CurrentSetup): SetupConfig {
  const { config } = current;
  const asyncAboveBacklog = current.asyncAboveBacklog ?? undefined;
  return {
    ...config,
    sync: { batchSize: config.sync?.batchSize ?? current.batchSize, ...(asyncAboveBacklog === undefined ? {} : { asyncAboveBacklog }) },
  };
}

/** Both through the schema first, so key order (the stored row's, the form's) is not a difference. */
function sameSetup(edited: SetupConfig, was: SetupConfig): boolean {
  const wasParsed = setupConfigSchema.safeParse(was);
  return wasParsed.success && JSON.stringify(wasParsed.data) === JSON.stringify(edited);
}

/** One sentence per field problem, e.g. "Tonic address must start with http://, https:// or / …". */
export const describeFieldError = (field: SettingsField, problem: string): string => `${FIELD_LABELS[field]} ${problem}.`;

/** The wait for the server's answer before the verdict shows (verify-online-first), typed in ms. */
export function parseVerifyWaitMs(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const parsed = wholeNumber(text, MIN_VERIFY_WAIT_MS, MAX_VERIFY_WAIT_MS);
  if ('value' in parsed) return { ok: true, value: parsed.value };
  const range = `${MIN_VERIFY_WAIT_MS} to ${MAX_VERIFY_WAIT_MS.toLocaleString('en-GB')}`;
  return { ok: false, message: parsed.problem.startsWith('must be from') ? `The wait must be from ${range} ms.` : `The wait must be a number of milliseconds, from ${range}.` };
}

/** A list may be called current for at most a week: the setup link's bound (setupLink.ts `guestList.maxAgeMinutes`). */
export const MIN_LIST_AGE_MINUTES = 1;
export const MAX_LIST_AGE_MINUTES = 10_080;

/** "A guest list is current for N minutes", as typed. */
export function parseListMaxAgeMinutes(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const parsed = wholeNumber(text, MIN_LIST_AGE_MINUTES, MAX_LIST_AGE_MINUTES);
  if ('value' in parsed) return { ok: true, value: parsed.value };
  const range = `${MIN_LIST_AGE_MINUTES} to ${MAX_LIST_AGE_MINUTES.toLocaleString('en-GB')}`;
  return { ok: false, message: `The minutes must be a whole number from ${range} (a week).` };
}

/** "Keep scan history for N days", as typed. */
export function parseHistoryDays(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const parsed = wholeNumber(text, MIN_HISTORY_DAYS, MAX_HISTORY_DAYS);
  if ('value' in parsed) return { ok: true, value: parsed.value };
  return { ok: false, message: `The days must be a whole number from ${MIN_HISTORY_DAYS} to ${MAX_HISTORY_DAYS} (a year). Nothing was changed.` };
}

/** Where each part of the door's guest-list policy comes from, for the words beside it in Settings. */
export type PolicySource = 'device' | 'setup' | 'default';

export function guestListPolicySources(
  config: Pick<SetupConfig, 'guestList'>,
  preferences: { unknownCodes: 'admit' | 'refuse' | null; listMaxAgeMinutes: number | null },
): { unknownCodes: PolicySource; maxAgeMinutes: PolicySource } {
  const source = (device: unknown, setup: unknown): PolicySource => (device !== null ? 'device' : setup !== undefined ? 'setup' : 'default');
  return { unknownCodes: source(preferences.unknownCodes, config.guestList?.unknownCodes), maxAgeMinutes: source(preferences.listMaxAgeMinutes, config.guestList?.maxAgeMinutes) };
}
