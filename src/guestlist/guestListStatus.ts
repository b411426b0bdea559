// What staff are told about the door's guest list: the top bar's one line ("Guest list: 12,418 tickets, 3 min old") and
// the pre-doors check's row (green, amber when old or a refresh failed, red when there is none or it cannot be trusted).
import { toVenueClock } from '../api/venueTime.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { GuestListStateRow } from '../db/tables.ts';
import { guestListPolicyOf, preferencesOf, type GuestListPolicy } from '../settings/preferences.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { occurrenceLabel } from '../api/venueTime.ts';
import { countForOccurrence, doorOccurrenceOf, readGuestListState } from './deviceGuestList.ts';
import { combinedEvidence, mappingState, UNLISTED_CONFIRMED_LIMIT } from '../model/guestListEntry.ts';
import { DMN_LIST_REFRESH_MS, GATEWAY_LIST_REFRESH_MS, type GuestListSource } from './guestListSource.ts';

const MINUTE_MS = 60_000;

/** Everything the words are made from, read in one go (a live query on a screen, or the pre-doors check). */
export interface GuestListFacts {
  state: GuestListStateRow;
  /** The door's occurrence (chosen, else today) and the list's tickets for it. */
  occurrence: string;
  doorCount: number;
  policy: GuestListPolicy;
  /** Where this setup gets a list from by itself; null: only from a file. */
  source: GuestListSource | null;
  /** The setup checks RunSignup numbers, which only a list that holds numbers (a file) covers. */
  runsignup: boolean;
}

export async function readGuestListFacts(db: DoorlistDatabase, config: SetupConfig, source: GuestListSource | null, now: Date): Promise<GuestListFacts> {
  const settings = await db.settings.get('device');
  const preferences = preferencesOf(settings);
  const state = await readGuestListState(db);
  const occurrence = doorOccurrenceOf(config, preferences, now, state.meta?.occurrences);
  const doorCount = await countForOccurrence(db, occurrence);
  return { state, occurrence, doorCount, policy: guestListPolicyOf(config, preferences), source, runsignup: config.runsignup !== undefined };
}

export type GuestListStanding =
  | { kind: 'none' }
  | { kind: 'noneForDate'; size: number }
  | { kind: 'broken'; unlisted: number }
  | { kind: 'stale'; ageMs: number | null }
  | { kind: 'fresh'; ageMs: number };

/** The one judgement both the top bar and the pre-doors check show. */
export function standingOf(facts: GuestListFacts, nowMs: number): GuestListStanding {
  const { meta } = facts.state;
  if (meta === null) return { kind: 'none' };
  if (facts.doorCount === 0) return { kind: 'noneForDate', size: meta.size };
  const evidence = combinedEvidence(meta.mapping, facts.state.localMapping);
  if (mappingState(evidence) === 'broken') return { kind: 'broken', unlisted: evidence.unlistedConfirmed };
  const ageMs = meta.fetchedAt === null ? null : Math.max(0, nowMs - Date.parse(meta.fetchedAt));
  if (ageMs === null || ageMs > facts.policy.maxAgeMinutes * MINUTE_MS) return { kind: 'stale', ageMs };
  return { kind: 'fresh', ageMs };
}

/** "under 1 min", "3 min", "5 h". */
export function ageWords(ageMs: number): string {
  const minutes = Math.floor(ageMs / MINUTE_MS);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}

const tickets = (count: number) => `${count.toLocaleString('en-GB')} ticket${count === 1 ? '' : 's'}`;
const dayOf = (occurrence: string) => occurrenceLabel(occurrence, null);

/** "12,418 tickets" (the list holds only the door's date), or "12,418 tickets for Sat 5 Dec" (it holds others too). */
function countWords(facts: GuestListFacts): string {
  const others = (facts.state.meta?.occurrences ?? []).some((date) => date !== facts.occurrence);
  return others ? `${tickets(facts.doorCount)} for ${dayOf(facts.occurrence)}` : tickets(facts.doorCount);
}

export interface GuestListBar {
  tone: 'ok' | 'warn' | 'bad';
  text: string;
}

/** The top bar's line. The count is the door's occurrence's tickets. */
export function describeGuestListBar(facts: GuestListFacts, nowMs: number): GuestListBar {
  const standing = standingOf(facts, nowMs);
  const troubled = facts.state.lastError !== null;
  switch (standing.kind) {
    case 'none':
      return { tone: 'bad', text: 'No guest list' };
    case 'noneForDate':
      return { tone: 'bad', text: `Guest list: none for ${dayOf(facts.occurrence)}` };
    case 'broken':
      return { tone: 'bad', text: `Guest list: ${countWords(facts)}, not trusted` };
    case 'stale':
      return { tone: 'warn', text: `Guest list: ${countWords(facts)}, ${standing.ageMs === null ? 'age unknown' : `${ageWords(standing.ageMs)} old`} (out of date)` };
    case 'fresh':
      return { tone: troubled ? 'warn' : 'ok', text: `Guest list: ${countWords(facts)}, ${ageWords(standing.ageMs)} old` };
  }
}

/** What an unknown code gets while the list cannot decide, in the words of the scan screen. */
const policyWords = (policy: GuestListPolicy) =>
  policy.unknownCodes === 'refuse' ? 'refused' : 'let in with an amber "Not checked against a guest list"';

function whereFrom(source: GuestListSource | null): string {
  if (source === 'gateway') return 'It comes from the gateway when the gateway has one: tell your organiser. You can also import a list file in Activity.';
  if (source === 'dmn') return 'It downloads from DesignMyNight when this device is online: check the Wi-Fi or mobile data. You can also import a list file in Activity.';
  return "This setup does not download one: import the box office's list file in Activity, or ask your organiser for a setup link with the guest list.";
}

function refreshWords(facts: GuestListFacts, venueTimeZone: string, nowMs: number): string {
  const { lastError, retryAt, origin } = facts.state;
  const parts: string[] = [];
  if (lastError !== null) parts.push(`The last refresh failed: ${lastError}`);
  if (retryAt !== null && Date.parse(retryAt) > nowMs) parts.push(`This door asks again after ${toVenueClock(new Date(retryAt), venueTimeZone)}.`);
  if (parts.length === 0 && facts.state.meta !== null) {
    parts.push(
      origin === 'file'
        ? 'Imported from a file: it changes only when a new file is imported.'
        : origin === 'gateway'
          ? `It refreshes from the gateway every ${GATEWAY_LIST_REFRESH_MS / MINUTE_MS} minute while online.`
          : `It refreshes from DesignMyNight every ${DMN_LIST_REFRESH_MS / MINUTE_MS} minutes while online.`,
    );
  }
  return parts.join(' ');
}

export interface GuestListCheck {
  status: 'ok' | 'warn' | 'bad';
  title: string;
  detail: string;
  /** Staff can fix it in Activity (import a file). */
  offerImport: boolean;
}

/** The pre-doors check's row. */
export function describeGuestListCheck(facts: GuestListFacts, venueTimeZone: string, nowMs: number): GuestListCheck {
  const standing = standingOf(facts, nowMs);
  const refresh = refreshWords(facts, venueTimeZone, nowMs);
  const meanwhile = `Until then, codes this door has never seen are ${policyWords(facts.policy)}.`;
  const join = (...parts: string[]) => parts.filter((part) => part !== '').join(' ');
  switch (standing.kind) {
    case 'none':
      return {
        status: 'bad',
        title: 'No guest list on this door',
        detail: join('Without a list this door cannot tell a forged or made-up code from a real ticket.', whereFrom(facts.source), meanwhile, refresh),
        offerImport: true,
      };
    case 'noneForDate':
      return {
        status: 'bad',
        title: `No guest list for ${dayOf(facts.occurrence)}`,
        detail: join(
          `The list on this door has ${tickets(standing.size)}, none for ${dayOf(facts.occurrence)}, the date this door checks in. Check the date on the Event screen.`,
          whereFrom(facts.source),
          meanwhile,
          refresh,
        ),
        offerImport: true,
      };
    case 'broken':
      return {
        status: 'bad',
        title: 'Guest list not trusted: unknown codes are not refused',
        detail: join(
          `Tonic accepted ${standing.unlisted} tickets that were not on the list (${UNLISTED_CONFIRMED_LIMIT} is the limit), so the list does not match the tickets' codes. Doors no longer refuse a code for not being on the list; codes this door has never seen are ${policyWords(facts.policy)}. Tell your organiser.`,
          refresh,
        ),
        offerImport: false,
      };
    case 'stale':
      return {
        status: 'warn',
        title: `Guest list ${standing.ageMs === null ? 'of unknown age' : `${ageWords(standing.ageMs)} old`}: out of date`,
        detail: join(
          `${countWords(facts)} on the list, but it is older than the ${facts.policy.maxAgeMinutes} minutes this door trusts a list for, so refunds since then are unknown here. ${meanwhile}`,
          refresh,
        ),
        offerImport: false,
      };
    case 'fresh':
      return {
        status: facts.state.lastError === null ? 'ok' : 'warn',
        title: `Guest list: ${countWords(facts)}, ${ageWords(standing.ageMs)} old`,
        detail: join(
          mappingState(combinedEvidence(facts.state.meta?.mapping, facts.state.localMapping)) === 'confirmed'
            ? `Ticket codes not on the list are refused, also offline. The count is for ${dayOf(facts.occurrence)}, the date this door checks in.`
            : `The count is for ${dayOf(facts.occurrence)}, the date this door checks in. Until Tonic has confirmed one listed ticket, a code not on the list is let in with an amber warning and checked with Tonic; from then on it is refused, also offline.`,
          facts.runsignup && facts.state.meta?.holdsNumbers !== true ? `RunSignup numbers are not on this list: those this door has never seen are ${policyWords(facts.policy)}.` : '',
          refresh,
        ),
        offerImport: false,
      };
  }
}
