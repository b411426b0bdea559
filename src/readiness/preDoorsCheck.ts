// The pre-doors check: one row per thing that must work before doors open, each ok/warn/bad/unknown in words, with what to do.
import type { ApiError } from '../api/apiError.ts';
import type { FetchLike } from '../api/httpRequest.ts';
import { clockOffsetOf, observingFetch, type ObservedReply } from './probeServer.ts';
import { createRunSignupClient } from '../api/runsignupClient.ts';
import { createTonicClient, resolveBaseUrl } from '../api/tonicClient.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { countWaiting } from '../outbox/outbox.ts';
import { readSyncStatus } from '../sync/syncStatus.ts';
import { absoluteOrigin, blockedMessage, insecureOrigin, type ConnectionBlock } from '../sync/connectionBlock.ts';
import type { BlockedOrigin } from '../db/tables.ts';
import { numericTicketsInPlay } from '../feeds/ticketsInPlay.ts';
import { toVenueTime } from '../api/venueTime.ts';
import { describeGuestListCheck, readGuestListFacts } from '../guestlist/guestListStatus.ts';
import { guestListSourceOf } from '../guestlist/guestListSource.ts';

export type CheckStatus = 'ok' | 'warn' | 'bad' | 'unknown';
export type CheckId = 'camera' | 'storage' | 'clock' | 'tonic' | 'runsignup' | 'eventData' | 'guestList' | 'waiting';
export type CheckAction = { kind: 'askPersist'; label: string } | { kind: 'openActivity'; label: string };

export interface CheckRow {
  id: CheckId;
  status: CheckStatus;
  title: string;
  /** What was found and, when it is not ok, what to do about it. */
  detail: string;
  action?: CheckAction;
  /** For the server rows: the origin that was called, so a block by the page's policy can be named (explainBlocked). */
  origin?: string;
  /** For the server rows: how the call failed (a block looks like 'network'). */
  errorKind?: ApiError['kind'];
}

/** The rows in screen order, with what each checks: shown while its answer is still coming. */
export const PRE_DOORS_ROWS: ReadonlyArray<{ id: CheckId; checking: string }> = [
  { id: 'camera', checking: 'Camera' },
  { id: 'storage', checking: 'Storage' },
  { id: 'clock', checking: 'Clock' },
  { id: 'tonic', checking: 'Tonic credentials' },
  { id: 'runsignup', checking: 'RunSignup credentials' },
  { id: 'eventData', checking: 'Event data' },
  { id: 'guestList', checking: 'Guest list' },
  { id: 'waiting', checking: 'Scans waiting' },
];

/** A clock further off than this sends wrong check-in times to Tonic (its `time` is this device's clock). */
export const CLOCK_TOLERANCE_MS = 60_000;
/**
 * Below this much free space the door is at risk. A scan row with its indexes is about 1 KB and a known ticket about
 * 0.5 KB, so 50 MB still holds a busy night (10,000 scans, 10 MB) several times over with 100,000 tickets known (50 MB
 * would not be needed for them alone); but browsers start evicting and refusing writes well before the disk is full.
 */
export const MIN_FREE_BYTES = 50 * 1024 * 1024;
/** Event data older than this is shown in amber: it refreshes every 5 minutes while online. */
export const EVENT_DATA_FRESH_MS = 60 * 60_000;
/** How long the camera may take to show its first picture. */
export const FIRST_FRAME_TIMEOUT_MS = 5_000;

export interface CameraProbe {
  /** Opens a camera; rejects as getUserMedia does (a DOMException with its name). */
  open(): Promise<{ firstFrame(timeoutMs: number): Promise<{ width: number; height: number } | null>; stop(): void }>;
}

export interface StorageManagerLike {
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
  estimate?(): Promise<{ quota?: number; usage?: number }>;
}

export interface PreDoorsDeps {
  db: DoorlistDatabase;
  config: SetupConfig;
  fetchImpl: FetchLike;
  now: () => number;
  /** Relative API base URLs resolve against it (the page's origin). */
  appOrigin: string;
  /** Null when the browser offers no camera at all (no navigator.mediaDevices). */
  camera: CameraProbe | null;
  /** False on an http:// address other than localhost: browsers then give no camera. */
  secureContext: boolean;
  storage: StorageManagerLike | null;
  log: (message: string, context?: unknown) => void;
}

const MINUTE_MS = 60_000;

/** "just now", "4 minutes", "2 hours", "3 days": ages and offsets for people. */
export function durationInWords(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE_MS) return `${Math.max(1, Math.round(abs / 1000))} s`;
  const minutes = Math.round(abs / MINUTE_MS);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(abs / (60 * MINUTE_MS));
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.round(hours / 24)} days`;
}

const megabytes = (bytes: number) => `${Math.floor(bytes / (1024 * 1024)).toLocaleString('en')} MB`;
const hostOf = (url: string, origin: string) => {
  try {
    return new URL(url, origin).host;
  } catch {
    return url; // not a URL after all: name it as written
  }
};

export async function checkCamera(deps: Pick<PreDoorsDeps, 'camera' | 'secureContext'>): Promise<CheckRow> {
  const id = 'camera';
  if (!deps.secureContext) {
    return { id, status: 'bad', title: 'No camera on this address', detail: 'Browsers only give the camera to https:// pages. Open Doorlist from its https:// address. Meanwhile use a hardware scanner or typed references.' };
  }
  if (!deps.camera) return { id, status: 'bad', title: 'No camera', detail: 'No camera: use a hardware scanner or typed references.' };
  let session: Awaited<ReturnType<CameraProbe['open']>>;
  try {
    session = await deps.camera.open();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'NotFoundError' || name === 'OverconstrainedError') return { id, status: 'bad', title: 'No camera', detail: 'No camera: use a hardware scanner or typed references.' };
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      return { id, status: 'bad', title: 'Camera not allowed', detail: 'The browser refused the camera. Allow the camera for this site in the browser settings, then tap Check again. Meanwhile use a hardware scanner or typed references.' };
    }
    if (name === 'NotReadableError' || name === 'AbortError') {
      return { id, status: 'bad', title: 'Camera busy', detail: 'Another app or tab is using the camera. Close it, then tap Check again.' };
    }
    return { id, status: 'bad', title: 'Camera failed', detail: `The camera did not start (${error instanceof Error ? error.message : String(error)}). Restart the device, or use a hardware scanner or typed references.` };
  }
  try {
    const frame = await session.firstFrame(FIRST_FRAME_TIMEOUT_MS);
    if (!frame) {
      return { id, status: 'bad', title: 'Camera shows no picture', detail: `The camera opened but sent no picture in ${FIRST_FRAME_TIMEOUT_MS / 1000} seconds. Restart the device, or use a hardware scanner or typed references.` };
    }
    return { id, status: 'ok', title: 'Camera works', detail: `It showed a picture (${frame.width}×${frame.height}) and is switched off again.` };
  } finally {
    session.stop(); // the scan screen opens its own camera; this one must not hold it
  }
}

export async function checkStorage(deps: Pick<PreDoorsDeps, 'storage'>): Promise<CheckRow> {
  const id = 'storage';
  const storage = deps.storage;
  if (!storage?.persisted) {
    return { id, status: 'unknown', title: 'Storage: cannot tell', detail: 'This browser does not say whether it keeps the scans. Export scans from Activity after the event.' };
  }
  const [persisted, estimate] = await Promise.all([storage.persisted(), storage.estimate ? storage.estimate() : Promise.resolve(null)]);
  const free = estimate?.quota !== undefined && estimate.usage !== undefined ? Math.max(0, estimate.quota - estimate.usage) : null;
  const freeWords = free === null ? 'Free space unknown.' : `${megabytes(free)} free.`;
  if (free !== null && free < MIN_FREE_BYTES) {
    return { id, status: 'bad', title: 'Storage almost full', detail: `Only ${megabytes(free)} free. Free up space on this device (photos, videos, other apps), or use another device.` };
  }
  if (!persisted) {
    return {
      id,
      status: 'bad',
      title: 'Storage may be cleared',
      detail: `The browser has not promised to keep this device's scans: it may clear them when space runs low. Tap Ask again; if it still says no, add Doorlist to the home screen and export scans from Activity after the event. ${freeWords}`,
      action: { kind: 'askPersist', label: 'Ask again' },
    };
  }
  if (free === null) return { id, status: 'unknown', title: 'Storage kept, free space unknown', detail: 'The browser keeps the scans but does not say how much room is left.' };
  return { id, status: 'ok', title: 'Storage kept by the browser', detail: freeWords };
}

/** Asks the browser again to keep this site's storage; true when it now promises to. */
export async function askToKeepStorage(storage: StorageManagerLike | null): Promise<boolean> {
  return storage?.persist ? storage.persist() : false;
}

type CallOutcome = { ok: true } | { ok: false; error: ApiError };

function credentialRow(id: 'tonic' | 'runsignup', service: string, baseUrl: string, outcome: CallOutcome, reply: ObservedReply | null, offline: boolean, appOrigin: string): CheckRow {
  const origin = absoluteOrigin(baseUrl);
  return {
    ...credentialWords(id, service, hostOf(baseUrl, appOrigin), outcome, reply, offline),
    ...(origin === null ? {} : { origin }),
    ...(outcome.ok ? {} : { errorKind: outcome.error.kind }),
  };
}

/** A server row for a block: the policy's (seen) or an http:// address an https app can never call (known beforehand). */
function blockedRow(id: 'tonic' | 'runsignup', block: Pick<ConnectionBlock, 'kind' | 'origin'>): CheckRow {
  const service = id === 'tonic' ? 'Tonic' : 'RunSignup';
  const meanwhile = id === 'tonic' ? 'Scans are kept on this device meanwhile.' : 'Check-ins are not affected: only the RunSignup counts are missing.';
  const title = block.kind === 'insecure' ? `${service} address not allowed over https` : `${service} blocked by this app's server`;
  return { id, status: 'bad', title, detail: `${blockedMessage(block)} ${meanwhile}`, origin: block.origin, errorKind: 'network' };
}

/**
 * A server row that could not connect, when the page's security policy refused that origin: the block in words, not
 * "Cannot reach". Applied where the row is shown, because the browser's violation report may come just after the
 * failed request.
 */
export function explainBlocked(row: CheckRow, blocked: readonly BlockedOrigin[] | undefined): CheckRow {
  if ((row.id !== 'tonic' && row.id !== 'runsignup') || row.status !== 'bad' || row.origin === undefined) return row;
  if (row.errorKind !== 'network' || !(blocked ?? []).some((entry) => entry.origin === row.origin)) return row;
  return blockedRow(row.id, { kind: 'policy', origin: row.origin });
}

function credentialWords(id: 'tonic' | 'runsignup', service: string, host: string, outcome: CallOutcome, reply: ObservedReply | null, offline: boolean): CheckRow {
  if (outcome.ok) return { id, status: 'ok', title: `${service} accepts this device`, detail: `${host} answered and took the credentials.` };
  const { error } = outcome;
  switch (error.kind) {
    case 'auth':
      return id === 'tonic'
        ? { id, status: 'bad', title: 'Tonic refused the token', detail: 'The Tonic token was refused: ask your organiser for a new setup link.' }
        : { id, status: 'bad', title: 'RunSignup refused the key', detail: 'The RunSignup API key or secret was refused: ask your organiser for a new setup link.' };
    case 'network':
    case 'timeout':
      return {
        id,
        status: 'bad',
        title: `Cannot reach ${service}`,
        detail: `Cannot reach ${service} (${host})${offline ? ': this device is offline' : ''}. Check the Wi-Fi or mobile data, then tap Check again. Scans are kept on the device meanwhile.`,
      };
    case 'notFound':
      return { id, status: 'bad', title: `${service} does not know this event`, detail: `${error.message}. Ask your organiser for a new setup link.` };
    case 'malformed':
      // A reply that is not the API's but came with a 2xx status still proves the credentials passed (RunSignup leaving out an unknown ticket).
      if (reply && reply.status >= 200 && reply.status < 300 && id === 'runsignup') return { id, status: 'ok', title: `${service} accepts this device`, detail: `${host} answered and took the credentials.` };
      return { id, status: 'bad', title: `${service} did not answer itself`, detail: `Something else answered for ${host} (a Wi-Fi sign-in page?): ${error.message}. Open any web page to sign in to the Wi-Fi, then tap Check again.` };
    default:
      return { id, status: 'bad', title: `${service} answered with an error`, detail: `${error.message}. Tap Check again in a minute; if it persists, tell your organiser.` };
  }
}

/** Tonic accepted (Get Event Occurrences for today answers), and the server's clock from the same reply. */
export async function checkTonicAndClock(deps: Pick<PreDoorsDeps, 'config' | 'fetchImpl' | 'now' | 'appOrigin'>, offline: boolean): Promise<{ tonic: CheckRow; clock: CheckRow }> {
  // An https app never reaches an http:// address (mixed content): said before any request, which would only look offline.
  const insecure = insecureOrigin(deps.config.tonic.baseUrl, deps.appOrigin);
  if (insecure !== null) return { tonic: blockedRow('tonic', { kind: 'insecure', origin: insecure }), clock: clockRow(null) };
  const baseUrl = resolveBaseUrl(deps.config.tonic.baseUrl, deps.appOrigin);
  const observed = observingFetch(deps.fetchImpl, deps.now);
  const client = createTonicClient({ baseUrl, token: deps.config.tonic.token }, observed.fetch);
  const today = toVenueTime(new Date(deps.now()), deps.config.venueTimeZone).slice(0, 10);
  const reply = await client.occurrences(deps.config.tonic.eventId, today, today);
  const tonic = credentialRow('tonic', 'Tonic', baseUrl, reply.ok ? { ok: true } : reply, observed.last(), offline, deps.appOrigin);
  return { tonic, clock: clockRow(observed.last()) };
}

export function clockRow(reply: ObservedReply | null): CheckRow {
  const id = 'clock';
  if (!reply) return { id, status: 'unknown', title: 'Clock not checked', detail: "Cannot reach the server to compare clocks. Check that the device's date and time are set to automatic." };
  const offset = clockOffsetOf(reply);
  if (!offset) {
    return {
      id,
      status: 'unknown',
      title: 'Clock not checked',
      detail: "The server's reply does not show its time to this app (it must list Date in Access-Control-Expose-Headers). Check that the device's date and time are set to automatic.",
    };
  }
  const off = Math.abs(offset.offsetMs) - offset.uncertaintyMs;
  if (off > CLOCK_TOLERANCE_MS) {
    const direction = offset.offsetMs > 0 ? 'behind' : 'ahead of';
    return {
      id,
      status: 'bad',
      title: `Clock ${durationInWords(offset.offsetMs)} ${direction} the server`,
      detail: "Check-in times sent to Tonic come from this clock. Set the device's date and time to automatic, then tap Check again.",
    };
  }
  return { id, status: 'ok', title: 'Clock agrees with the server', detail: `Within ${durationInWords(Math.max(1000, Math.abs(offset.offsetMs) + offset.uncertaintyMs))} of the server's time.` };
}

/** RunSignup accepted when the setup has it: a counts call for one ticket answers 200. */
export async function checkRunSignup(deps: Pick<PreDoorsDeps, 'config' | 'fetchImpl' | 'now' | 'appOrigin' | 'db'>, offline: boolean): Promise<CheckRow> {
  const setup = deps.config.runsignup;
  if (!setup) return { id: 'runsignup', status: 'ok', title: 'RunSignup not used', detail: 'This setup has no RunSignup ticket event.' };
  const insecure = insecureOrigin(setup.baseUrl, deps.appOrigin);
  if (insecure !== null) return blockedRow('runsignup', { kind: 'insecure', origin: insecure });
  const baseUrl = resolveBaseUrl(setup.baseUrl, deps.appOrigin);
  const observed = observingFetch(deps.fetchImpl, deps.now);
  const client = createRunSignupClient({ ...setup, baseUrl }, observed.fetch);
  // A ticket this door has scanned, else any id: only whether the key and secret pass matters here.
  const [ticketId = '1'] = await numericTicketsInPlay(deps.db, deps.now());
  const reply = await client.windowCounts([ticketId]);
  return credentialRow('runsignup', 'RunSignup', baseUrl, reply.ok ? { ok: true } : reply, observed.last(), offline, deps.appOrigin);
}

export async function checkEventData(deps: Pick<PreDoorsDeps, 'db' | 'now'>): Promise<CheckRow> {
  const id = 'eventData';
  const status = await readSyncStatus(deps.db);
  const failed = status.lastOccurrencesError ? ` The last try failed: ${status.lastOccurrencesError}` : '';
  if (!status.lastOccurrencesAt) {
    return { id, status: 'bad', title: 'No event data yet', detail: `Capacity and sales come from Tonic once the device is online and accepted.${failed}` };
  }
  const age = deps.now() - Date.parse(status.lastOccurrencesAt);
  const words = age < MINUTE_MS ? 'just now' : `${durationInWords(age)} ago`;
  if (age >= EVENT_DATA_FRESH_MS) {
    return { id, status: 'warn', title: `Event data from ${words}`, detail: `Capacity and sales refresh every 5 minutes while online.${failed || ' Check the connection.'}` };
  }
  return { id, status: 'ok', title: `Event data from ${words}`, detail: `Capacity and sales are up to date.${failed}` };
}

/** The door's guest list: its size and age, red when there is none or it cannot be trusted (guestListStatus.ts). */
export async function checkGuestList(deps: Pick<PreDoorsDeps, 'db' | 'config' | 'now' | 'appOrigin'>): Promise<CheckRow> {
  const facts = await readGuestListFacts(deps.db, deps.config, guestListSourceOf(deps.config, deps.appOrigin), new Date(deps.now()));
  const { status, title, detail, offerImport } = describeGuestListCheck(facts, deps.config.venueTimeZone, deps.now());
  return { id: 'guestList', status, title, detail, ...(offerImport ? { action: { kind: 'openActivity' as const, label: 'Import a list in Activity' } } : {}) };
}

export async function checkWaiting(deps: Pick<PreDoorsDeps, 'db'>): Promise<CheckRow> {
  const waiting = await countWaiting(deps.db);
  if (waiting === 0) return { id: 'waiting', status: 'ok', title: 'All scans sent', detail: 'Nothing is waiting to be sent.' };
  return {
    id: 'waiting',
    status: 'warn',
    title: `${waiting.toLocaleString('en')} scan${waiting === 1 ? '' : 's'} waiting to send`,
    detail: 'They go as soon as Tonic can be reached. Activity shows each one.',
    action: { kind: 'openActivity', label: 'Open Activity' },
  };
}

/** A check that throws (a bug, a browser quirk) is a row that says so, not a screen that hangs. */
async function guarded(ids: CheckId[], deps: Pick<PreDoorsDeps, 'log'>, run: () => Promise<CheckRow[]>): Promise<CheckRow[]> {
  try {
    return await run();
  } catch (error) {
    deps.log('pre-doors check: a check failed', error);
    const why = error instanceof Error ? error.message : String(error);
    return ids.map((id) => ({ id, status: 'unknown' as const, title: `${PRE_DOORS_ROWS.find((row) => row.id === id)?.checking ?? id}: not checked`, detail: `The check itself failed (${why}). Tap Check again.` }));
  }
}

/** Runs every check at once; `onRows` gets each answer as it comes. Resolves with all rows in screen order. */
export async function runPreDoorsCheck(deps: PreDoorsDeps, online: boolean, onRows: (rows: CheckRow[]) => void = () => undefined): Promise<CheckRow[]> {
  const offline = !online;
  const one = async (row: Promise<CheckRow>) => [await row];
  const reported = (rows: Promise<CheckRow[]>) =>
    rows.then((answered) => {
      onRows(answered);
      return answered;
    });
  const groups = await Promise.all([
    reported(guarded(['camera'], deps, () => one(checkCamera(deps)))),
    reported(guarded(['storage'], deps, () => one(checkStorage(deps)))),
    reported(guarded(['tonic', 'clock'], deps, async () => Object.values(await checkTonicAndClock(deps, offline)))),
    reported(guarded(['runsignup'], deps, () => one(checkRunSignup(deps, offline)))),
    reported(guarded(['eventData'], deps, () => one(checkEventData(deps)))),
    reported(guarded(['guestList'], deps, () => one(checkGuestList(deps)))),
    reported(guarded(['waiting'], deps, () => one(checkWaiting(deps)))),
  ]);
  const byId = new Map(groups.flat().map((row) => [row.id, row]));
  return PRE_DOORS_ROWS.flatMap(({ id }) => byId.get(id) ?? []);
}
