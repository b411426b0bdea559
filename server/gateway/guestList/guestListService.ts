// The gateway's guest list: pulled from DesignMyNight on a schedule within its rate limit (today's occurrence and any a
// door asks for), what confirmed check-ins teach about the code-to-list mapping, the event's minimum age, and the head
// of every GET /api/guestlist reply.
import type { FetchLike } from '../../../src/api/httpRequest.ts';
import { createDmnGuestsClient, entriesFromDmn, type DmnGuestsClient, type GuestsError } from '../../../src/guestlist/dmnGuestsClient.ts';
import { UNLISTED_CONFIRMED_LIMIT, type CodeMiddle, type GuestListEntry, type GuestListMeta } from '../../../src/model/guestListEntry.ts';
import { listKeyOfCode } from '../../../src/model/matchCode.ts';
import { middleMatch, parseTonicCode } from '../../../src/model/matchCode.ts';
import { addDays, venueDate, venueDateTime } from '../../venueTime.ts';
import type { GatewayConfig } from '../config.ts';
import type { GatewayLog } from '../gatewayLog.ts';
import type { GatewayStore, GuestListState, MovementInput } from '../store.ts';

/** Timers the schedule runs on; tests inject their own so nothing waits for time. */
export interface GuestListTimers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: GuestListTimers = {
  set(run, ms) {
    const timer = setTimeout(run, ms);
    timer.unref(); // a pending refresh never keeps the process alive
    return timer;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** After a failed refresh (5xx, network, a reply that is not the list): 30 s, then twice as long each time, up to 30 min. */
export const BACKOFF_FIRST_MS = 30_000;
export const BACKOFF_MAX_MS = 30 * 60_000;
/** An occurrence a door asked for is refreshed for this long after the last ask. */
export const REQUESTED_OCCURRENCE_MEMORY_MS = 24 * 60 * 60_000;
/** At most this many asked-for occurrences are kept besides today's (each costs requests of the hourly allowance). */
export const MAX_REQUESTED_OCCURRENCES = 3;
/** An asked-for occurrence the gateway does not hold is fetched at once, but at most once in this long over all doors… */
export const ON_DEMAND_GAP_MS = 10_000;
/** …and at most this many times an hour: doors asking for dates can never spend the API's hourly allowance. */
export const MAX_ON_DEMAND_PER_HOUR = 6;
/** A door may ask for dates from yesterday to this many days ahead (the list of a date far off is no door's business). */
export const MAX_DAYS_AHEAD = 400;
/** Held occurrences older than this many days before today are dropped from the list. */
export const KEEP_PAST_DAYS = 1;

export type RefreshOutcome = 'ok' | 'notList' | 'rateLimited' | 'failed' | 'skipped';

export interface GuestListHead {
  version: number;
  floorVersion: number;
  /** Null: no list at all (nothing stored, or every occurrence dropped). */
  meta: GuestListMeta | null;
  /** The last refresh error in plain words, or null. */
  error: string | null;
}

export interface GuestListServiceOptions {
  config: GatewayConfig;
  store: GatewayStore;
  log: GatewayLog;
  clock: () => Date;
  fetchUpstream: FetchLike;
  timers?: GuestListTimers;
  /**
   * The demo's gateway: `start()` only arms the schedule, which begins when a door first asks for the list (and pauses
   * again at a demo reset). So the emulator's own tests see no guest list traffic from a gateway nobody asked.
   */
  startOnFirstAsk?: boolean;
}

/** `2026-12-05` → `Sat 5 Dec`, as door staff read a date. */
export function shortDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(
    new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)),
  );
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export class GuestListService {
  private readonly timers: GuestListTimers;
  private timer: unknown = null;
  private stopped = true;
  private armed = false;
  private failures = 0;
  private round: Promise<void> | null = null;
  private client: DmnGuestsClient | null = null;
  /** Errors by occurrence, newest last; an occurrence's entry goes once it is read again. */
  private readonly errors = new Map<string, { atMs: number; message: string }>();
  /** Occurrences doors asked for, by when they last asked (oldest first). */
  private readonly requested = new Map<string, number>();
  /** When the on-demand fetches of the last hour went out. */
  private onDemandAtMs: number[] = [];
  private learnedMinimumAge: string | null = null;

  constructor(private readonly options: GuestListServiceOptions) {
    this.timers = options.timers ?? realTimers;
  }

  get configured(): boolean {
    return this.options.config.dmn !== undefined;
  }

  private get intervalMs(): number {
    return this.options.config.guestList.refreshMinutes * 60_000;
  }

  private nowMs(): number {
    return this.options.clock().getTime();
  }

  /** The venue's date on the gateway's clock: tonight's occurrence. */
  today(): string {
    return venueDate(this.options.clock(), this.options.config.venueTimeZone);
  }

  /** Starts the schedule (a first refresh at once); without DMN settings there is nothing to pull. */
  start(): void {
    if (!this.configured) return;
    this.client = null; // built from the settings as they are now (the demo learns its emulator's address late)
    if (this.options.startOnFirstAsk) {
      this.armed = true;
      return;
    }
    this.stopped = false;
    this.schedule(0);
  }

  /** With `startOnFirstAsk`: the first ask starts the schedule and waits for its first refresh. */
  async ensureRunning(): Promise<void> {
    if (!this.armed || !this.stopped) return;
    this.stopped = false;
    await this.refreshNow();
    this.scheduleAfterRound();
  }

  stop(): void {
    this.armed = false;
    this.halt();
  }

  private halt(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.nextDelayMs = null;
  }

  /** Demo and tests: forget errors, asked-for dates and back-off; a running schedule refreshes again at once. */
  clear(): void {
    this.errors.clear();
    this.requested.clear();
    this.failures = 0;
    this.onDemandAtMs = [];
    this.learnedMinimumAge = null;
    this.client = null; // a fresh client: the demo's reset also reset the emulator's rate limit
    if (this.stopped) return;
    if (this.options.startOnFirstAsk) this.halt(); // dormant again until a door asks
    else this.schedule(0);
  }

  /** One refresh of every wanted occurrence (shared with one already running). */
  refreshNow(): Promise<void> {
    if (!this.round) this.round = this.runRound().finally(() => (this.round = null));
    return this.round;
  }

  /** When the next scheduled refresh is due, for tests and the log (null when none is scheduled). */
  nextDelayMs: number | null = null;

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.nextDelayMs = delayMs;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.nextDelayMs = null;
      void this.refreshNow().then(
        () => this.scheduleAfterRound(),
        (error: unknown) => {
          this.options.log.error('guest list refresh failed', error);
          this.failures += 1;
          this.scheduleAfterRound();
        },
      );
    }, delayMs);
  }

  private scheduleAfterRound(): void {
    const blocked = this.client?.blockedUntil() ?? null;
    if (blocked !== null) {
      // Rate-limited: not one request before the reset the API named.
      this.schedule(Math.max(1_000, Date.parse(blocked) - this.nowMs()));
    } else if (this.failures > 0) {
      this.schedule(Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (this.failures - 1)));
    } else {
      this.schedule(this.intervalMs);
    }
  }

  private dmnClient(): DmnGuestsClient | null {
    const dmn = this.options.config.dmn;
    if (!dmn) return null;
    if (!this.client) {
      const fetchUpstream = this.options.fetchUpstream;
      // A redirect could carry the Authorization header to another host: refused, like every other upstream call.
      const noRedirects: FetchLike = (url, init) => fetchUpstream(url, { ...init, redirect: 'error' });
      this.client = createDmnGuestsClient({ baseUrl: dmn.url, appId: dmn.appId, key: dmn.key, eventId: this.options.config.tonic.eventId }, noRedirects, this.options.clock);
    }
    return this.client;
  }

  private wanted(today: string): string[] {
    const now = this.nowMs();
    for (const [occurrence, askedMs] of this.requested) if (now - askedMs > REQUESTED_OCCURRENCE_MEMORY_MS) this.requested.delete(occurrence);
    return [...new Set([today, ...this.requested.keys()])];
  }

  private async runRound(): Promise<void> {
    const client = this.dmnClient();
    if (!client) return;
    const today = this.today();
    await this.dropPast(today);
    // A date imported from a file keeps the box office's list: DesignMyNight does not overwrite it.
    const fromFile = new Set(((await this.options.store.guestListState())?.occurrences ?? []).filter((held) => held.source === 'file').map((held) => held.occurrence));
    const wanted = this.wanted(today).filter((occurrence) => !fromFile.has(occurrence));
    // An error about a date nobody wants any more is no door's concern.
    for (const occurrence of [...this.errors.keys()]) if (!wanted.includes(occurrence)) this.errors.delete(occurrence);
    let failed = false;
    for (const occurrence of wanted) {
      const outcome = await this.fetchOne(client, occurrence);
      if (outcome === 'rateLimited') break; // the rest waits for the reset too
      if (outcome === 'failed') failed = true;
    }
    this.failures = failed ? this.failures + 1 : 0;
  }

  /** Lists of dates before yesterday are of no door's use any more (yesterday's stays for a night past midnight). */
  private async dropPast(today: string): Promise<void> {
    const state = await this.options.store.guestListState();
    const oldest = addDays(today, -KEEP_PAST_DAYS);
    const past = (state?.occurrences ?? []).map((held) => held.occurrence).filter((occurrence) => occurrence < oldest);
    if (past.length === 0) return;
    const removed = await this.options.store.dropGuestListOccurrences(past, this.options.clock().toISOString());
    for (const occurrence of past) this.errors.delete(occurrence);
    this.options.log.info(`guest list: dropped the past date(s) ${past.join(', ')} (${removed} tickets)`);
  }

  private async fetchOne(client: DmnGuestsClient, occurrence: string): Promise<RefreshOutcome> {
    const result = await client.fetchGuests(occurrence);
    const atMs = this.nowMs();
    if (result.ok) {
      const entries = entriesFromDmn(result.value);
      const replaced = await this.options.store.replaceGuestList({
        eventId: this.options.config.tonic.eventId.toLowerCase(),
        occurrence,
        source: 'dmn',
        entries,
        at: new Date(atMs).toISOString(),
      });
      this.errors.delete(occurrence);
      if (replaced.added + replaced.changed + replaced.removed > 0) {
        this.options.log.info(
          `guest list ${occurrence}: ${replaced.size} tickets (${replaced.added} added, ${replaced.changed} changed, ${replaced.removed} removed), version ${replaced.version}`,
        );
      }
      return 'ok';
    }
    const { error } = result;
    const outcome = this.outcomeOf(error);
    this.errors.delete(occurrence);
    this.options.log.warn(`guest list ${occurrence}: ${error.kind} (${error.message})`);
    // Past midnight the venue's date is the next day, which the event often does not run: no alarm for the doors
    // while they hold another date's list (last night's, still in use).
    const held = (await this.options.store.guestListState())?.occurrences ?? [];
    if (outcome === 'notList' && occurrence === this.today() && held.some((other) => other.occurrence !== occurrence)) return outcome;
    this.errors.set(occurrence, { atMs, message: this.messageFor(occurrence, error, outcome) });
    return outcome;
  }

  private outcomeOf(error: GuestsError): RefreshOutcome {
    if (error.kind === 'rateLimited') return 'rateLimited';
    // "The event has no occurrence on …" (or no such event): an answer, not an outage; the next round asks again.
    if (error.kind === 'notFound') return 'notList';
    return 'failed';
  }

  /** What door staff read about a refresh that did not bring a list (the gateway's log has the details). */
  private messageFor(occurrence: string, error: GuestsError, outcome: RefreshOutcome): string {
    const date = shortDate(occurrence);
    if (outcome === 'rateLimited') {
      const until = error.retryAt ? venueDateTime(new Date(error.retryAt), this.options.config.venueTimeZone).slice(11, 16) : null;
      return `DesignMyNight allows no more guest list requests${until ? ` until ${until}` : ' for now'}; the gateway gets the list for ${date} then.`;
    }
    if (outcome === 'notList') return `DesignMyNight has no guest list for ${date} (the event may not run that day).`;
    if (error.kind === 'auth') return `DesignMyNight refused the gateway's guest list key; tell the organiser. The list for ${date} is not updated.`;
    return `The gateway could not get the guest list for ${date} from DesignMyNight (${error.message}); it tries again shortly.`;
  }

  /**
   * A door asks for an occurrence: it is refreshed from now on (for a while, a few at most), and fetched at once when
   * the gateway does not hold it yet, unless the API is rate-limited, failing, or was just asked for another date.
   */
  async want(occurrence: string): Promise<void> {
    const now = this.nowMs();
    this.requested.delete(occurrence);
    this.requested.set(occurrence, now);
    while (this.requested.size > MAX_REQUESTED_OCCURRENCES) this.requested.delete(this.requested.keys().next().value as string);
    const client = this.dmnClient();
    if (!client) return;
    const state = await this.options.store.guestListState();
    if (state?.occurrences.some((held) => held.occurrence === occurrence)) return;
    if (this.failures > 0 || client.blockedUntil() !== null) return;
    this.onDemandAtMs = this.onDemandAtMs.filter((atMs) => now - atMs < 60 * 60_000);
    const last = this.onDemandAtMs.at(-1);
    if (this.onDemandAtMs.length >= MAX_ON_DEMAND_PER_HOUR || (last !== undefined && now - last < ON_DEMAND_GAP_MS)) return;
    this.onDemandAtMs.push(now);
    await this.fetchOne(client, occurrence);
  }

  /** The dates a door may ask for: yesterday to MAX_DAYS_AHEAD days ahead. */
  acceptsOccurrence(occurrence: string): boolean {
    const today = this.today();
    return occurrence >= addDays(today, -KEEP_PAST_DAYS) && occurrence <= addDays(today, MAX_DAYS_AHEAD);
  }

  async head(): Promise<GuestListHead> {
    const state = await this.options.store.guestListState();
    const error = this.latestError();
    if (!state) return { version: 0, floorVersion: 0, meta: null, error };
    return { version: state.version, floorVersion: state.floorVersion, meta: this.metaOf(state), error };
  }

  private latestError(): string | null {
    let latest: { atMs: number; message: string } | null = null;
    for (const entry of this.errors.values()) if (!latest || entry.atMs >= latest.atMs) latest = entry;
    return latest?.message ?? null;
  }

  private minimumAge(state: GuestListState): string | null {
    return this.options.config.guestList.minimumAge ?? state.minimumAge ?? this.learnedMinimumAge;
  }

  private metaOf(state: GuestListState): GuestListMeta | null {
    if (state.occurrences.length === 0) return null;
    const fetched = state.occurrences.map((held) => held.fetchedAt).sort();
    return {
      eventId: state.eventId,
      source: state.occurrences.some((held) => held.source === 'dmn') ? 'dmn' : 'file',
      version: state.version,
      occurrences: state.occurrences.map((held) => held.occurrence).sort(),
      // The list is as old as its oldest part (what older apps read)…
      fetchedAt: fetched[0] ?? null,
      // …and each date as old as its own list: a file date (never refreshed) or last night's list must not age tonight's.
      fetchedAtByDate: Object.fromEntries(state.occurrences.map((held) => [held.occurrence, held.fetchedAt])),
      size: state.occurrences.reduce((sum, held) => sum + held.size, 0),
      holdsNumbers: state.occurrences.some((held) => held.holdsNumbers),
      numberDates: state.occurrences
        .filter((held) => held.holdsNumbers)
        .map((held) => held.occurrence)
        .sort(),
      codeMiddle: state.codeMiddle,
      mapping: state.mapping,
      minimumAge: this.minimumAge(state),
    };
  }

  /**
   * What check-ins Tonic confirmed teach (call after they were recorded): a code found on the list confirms the mapping
   * (and shows which id its middle part is); a code missing from its day's loaded list is a guest the list would have
   * refused wrongly. Past UNLISTED_CONFIRMED_LIMIT of those the log says so, once.
   */
  async afterMovements(movements: readonly MovementInput[]): Promise<void> {
    try {
      const confirmed = movements.filter((movement) => movement.direction === 'in' && movement.result === 'success');
      if (confirmed.length === 0) return;
      const state = await this.options.store.guestListState();
      if (!state || state.occurrences.length === 0) return;
      const held = new Map(state.occurrences.map((occurrence) => [occurrence.occurrence, occurrence]));
      const byKey = new Map<string, GuestListEntry[]>();
      for (const entry of await this.options.store.guestListEntriesByKey(confirmed.map((movement) => listKeyOfCode(movement.ticketId)))) {
        byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
      }
      let listed = 0;
      let unlisted = 0;
      let codeMiddle: CodeMiddle | null = null;
      for (const movement of confirmed) {
        const day = movement.scanTime.slice(0, 10);
        const tonic = parseTonicCode(movement.ticketId);
        const found = byKey.get(listKeyOfCode(movement.ticketId)) ?? [];
        if (found.length > 0) {
          listed += 1;
          const entry = found.find((candidate) => candidate.occurrence === day) ?? found[0];
          if (tonic && entry) {
            const middle = middleMatch(tonic.middle, entry);
            if (middle === 'item' || middle === 'subType') codeMiddle = middle;
          }
          continue;
        }
        const dayList = held.get(day);
        // No list for that day teaches nothing; a RunSignup number only counts against a list that holds numbers.
        if (!dayList || (!tonic && !dayList.holdsNumbers)) continue;
        unlisted += 1;
      }
      if (listed === 0 && unlisted === 0) return;
      const after = await this.options.store.addGuestListEvidence({ listed, unlisted, codeMiddle });
      if (after && after.mapping.unlistedConfirmed >= UNLISTED_CONFIRMED_LIMIT && (await this.options.store.markGuestListMismatchWarned())) {
        this.options.log.warn(
          `the guest list does not match the tickets: Tonic confirmed ${after.mapping.unlistedConfirmed} check-ins of codes that are not on the list ` +
            `(${after.mapping.listedConfirmed} that are). Doors stop refusing codes they cannot find on it. Check that the list's event ` +
            `(${after.eventId}) is the event the doors check in, and see docs/guest-list.md.`,
        );
      }
    } catch (error) {
      this.options.log.error('guest list: could not record what the check-ins showed', error);
    }
  }

  /** The event's minimum age from a Tonic purchase reply (`data.item.minimum_age`), unless the configuration names one. */
  async learnMinimumAge(reply: unknown): Promise<void> {
    if (this.options.config.guestList.minimumAge !== undefined) return;
    const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined);
    const raw = field(field(field(reply, 'data'), 'item'), 'minimum_age');
    if (typeof raw !== 'string') return;
    const minimumAge = raw.trim();
    if (minimumAge === '' || minimumAge.length > 40 || CONTROL.test(minimumAge) || minimumAge === this.learnedMinimumAge) return;
    this.learnedMinimumAge = minimumAge;
    try {
      await this.options.store.setGuestListMinimumAge(minimumAge);
    } catch (error) {
      this.options.log.error('guest list: could not store the minimum age', error);
    }
  }
}
