// The shared memory of the door: which items of a batch the gateway answers itself, and what each upstream answer teaches it.
import type { TicketBatchItem } from '../tonicSchemas.ts';
import type { Direction, MovementInput, PresenceRow, PresenceUpdate } from './store.ts';
import { VOUCHING_RESULTS } from '../../src/api/tonicSchemas.ts';
import { purchaseIdOf } from '../../src/model/parsePayload.ts';

/** What the gateway marks its own answers with (an extra field; the app's reply schemas let it through). */
export const ANSWERED_BY_GATEWAY = 'doorlist-gateway';

/** Tonic's reply shape for a ticket already in: what the emulator and (we assume) Tonic answer, first check-in's time and door. */
export interface LocalAlreadyInEntry {
  _id: string | null;
  result: 'already_checked_in';
  answered_by: typeof ANSWERED_BY_GATEWAY;
  ticket: {
    _id: string | null;
    reference: string | null;
    checked_in: { date: string; timezone_type: 3; timezone: string };
    checked_in_by: null;
    check_in_device_name: string;
    check_in_source: string | null;
  };
}

export interface BatchPlan {
  /** By request position: the gateway's own answer, or null for an item that goes to the upstream. */
  local: (LocalAlreadyInEntry | null)[];
  forwarded: { index: number; item: TicketBatchItem }[];
}

/**
 * Splits a check-in batch: a ticket the gateway knows is in (from any device, an async batch included) is answered
 * here and never forwarded. That includes the same device resending its own check-in (same door, same scan time):
 * the answer carries that door and time, which is exactly what Tonic answers a resend, and the app confirms its scan
 * on it; so a resend after a lost reply never reaches Tonic twice.
 */
export function planCheckIn(
  items: readonly TicketBatchItem[],
  presence: ReadonlyMap<string, PresenceRow>,
  venueTimeZone: string,
  sender?: { deviceId: number; claimedNames: readonly string[] },
): BatchPlan {
  const local: (LocalAlreadyInEntry | null)[] = [];
  const forwarded: { index: number; item: TicketBatchItem }[] = [];
  items.forEach((item, index) => {
    const known = presence.get(item.ticket_id);
    if (known?.status === 'in') {
      const entry = alreadyInEntry(known, venueTimeZone);
      // The gateway records the enrolled name, not the one in the body. A device renamed in its Settings still knows
      // its own resend by the name it sent: that one device (and only it) gets its own name back for its own scan.
      const claimed = sender?.claimedNames[index];
      if (sender && claimed !== undefined && known.deviceId === sender.deviceId && known.scanTime === item.time) entry.ticket.check_in_device_name = claimed;
      local.push(entry);
    } else {
      local.push(null);
      forwarded.push({ index, item });
    }
  });
  return { local, forwarded };
}

export function alreadyInEntry(presence: PresenceRow, venueTimeZone: string): LocalAlreadyInEntry {
  return {
    _id: presence.upstreamId,
    result: 'already_checked_in',
    answered_by: ANSWERED_BY_GATEWAY,
    ticket: {
      _id: presence.upstreamId,
      reference: presence.reference,
      // Tonic's date: the sent wall-clock time with microseconds, labelled with the venue zone.
      checked_in: { date: `${presence.scanTime}.000000`, timezone_type: 3, timezone: venueTimeZone },
      checked_in_by: null,
      check_in_device_name: presence.door,
      check_in_source: presence.source,
    },
  };
}

/** Puts the gateway's answers and the upstream's back together in request order (the app pairs them by position). */
export function mergeInOrder<Entry>(plan: BatchPlan, upstreamEntries: readonly Entry[]): (Entry | LocalAlreadyInEntry)[] {
  let next = 0;
  return plan.local.map((entry) => {
    if (entry !== null) return entry;
    const upstream = upstreamEntries[next];
    next += 1;
    if (upstream === undefined) throw new Error('mergeInOrder: fewer upstream entries than forwarded items');
    return upstream;
  });
}

type JsonRecord = Record<string, unknown>;
const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);

/** A Tonic reply's entries (`check_ins` / `check_outs` is an array of arrays), or null when the reply is not that shape. */
export function replyEntries(json: unknown, key: 'check_ins' | 'check_outs'): JsonRecord[] | null {
  if (!isRecord(json)) return null;
  const outer = json[key];
  if (!Array.isArray(outer)) return null;
  const flat: unknown[] = outer.flatMap((inner: unknown) => (Array.isArray(inner) ? inner : [inner]));
  return flat.every(isRecord) ? flat : null;
}

/** A result word for the log, kept short; a check-out entry without `result` is Tonic's plain success. */
export function entryResult(entry: JsonRecord, direction: Direction): string {
  const result = stringOrNull(entry.result);
  if (result !== null) return result.slice(0, 40);
  if (direction === 'out' && entry._id !== null && entry._id !== undefined) return 'success';
  return 'unknown';
}

const SUCCESS_RESULTS = new Set(['success', 'queued']);

/** What one upstream answer says about where the ticket is now. */
export function presenceFromEntry(item: TicketBatchItem, direction: Direction, deviceId: number, result: string, entry: JsonRecord | null): PresenceUpdate | null {
  const ticket = entry && isRecord(entry.ticket) ? entry.ticket : null;
  const upstreamId = stringOrNull(entry?._id) ?? stringOrNull(ticket?._id);
  const reference = stringOrNull(ticket?.reference) ?? stringOrNull(entry?.reference);
  if (SUCCESS_RESULTS.has(result)) {
    return {
      status: direction,
      door: item.device_name,
      scanTime: item.time,
      deviceId,
      source: item.source,
      upstreamId,
      reference,
      // A queued check-in must not displace an earlier one; a confirmed one (or any check-out) is the latest word.
      mode: result === 'queued' && direction === 'in' ? 'unlessIn' : 'always',
    };
  }
  if (direction === 'in' && ticket) {
    // "Already in" from the upstream, e.g. checked in by another system: learn the first check-in it names.
    const checkedIn = isRecord(ticket.checked_in) ? stringOrNull(ticket.checked_in.date) : null;
    const door = stringOrNull(ticket.check_in_device_name);
    if (checkedIn !== null && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(checkedIn) && door !== null) {
      const sameScan = door === item.device_name && checkedIn.slice(0, 19) === item.time;
      return {
        status: 'in',
        door,
        scanTime: checkedIn.slice(0, 19),
        deviceId: sameScan ? deviceId : null,
        source: stringOrNull(ticket.check_in_source),
        upstreamId,
        reference,
        mode: 'unlessIn',
      };
    }
  }
  return null;
}

export { VOUCHING_RESULTS };

/** The booking (lower-case purchase id) a Tonic ticket id belongs to, as the app reads it, or null for any other id. */
export const purchaseOfTicket = (ticketId: string): string | null => purchaseIdOf(ticketId)?.toLowerCase() ?? null;

/**
 * The booking a door may now add a note to: the ticket's purchase id, when the upstream answered for that ticket by
 * its id with a result on VOUCHING_RESULTS. A queued (async) check-in vouches for nothing yet.
 */
export function purchaseVouchedFor(ticketId: string, entry: JsonRecord | null, result: string): string | null {
  const ticket = entry && isRecord(entry.ticket) ? entry.ticket : null;
  const upstreamId = stringOrNull(entry?._id) ?? stringOrNull(ticket?._id);
  if (upstreamId === null || !VOUCHING_RESULTS.has(result)) return null;
  return purchaseOfTicket(ticketId);
}

/**
 * The bookings a batch's local "already in" answers vouch for: the gateway answers one only from a presence it learned
 * from the upstream, and one with the upstream's id for the ticket came from an answer on VOUCHING_RESULTS (a queued
 * check-in has no id, so it vouches for nothing). Lets a booking checked in before known_purchases existed be noted.
 */
export function purchasesVouchedLocally(plan: BatchPlan, items: readonly TicketBatchItem[]): string[] {
  const purchases = plan.local.flatMap((entry, index) => {
    const ticketId = items[index]?.ticket_id;
    return entry !== null && entry._id !== null && ticketId !== undefined ? [purchaseOfTicket(ticketId)] : [];
  });
  return [...new Set(purchases.filter((purchase): purchase is string => purchase !== null))];
}

/**
 * The upstream's entries as the sending device should see them: where the upstream answers "already in" with this
 * device's enrolled name at the very time of the item sent (the same rule as planCheckIn's), the device's own resend
 * after a lost reply, the name the device sent goes back in its place. Only this device's reply is changed: the
 * entries given are never modified, and what the gateway records keeps the enrolled name.
 */
export function withOwnNamesBack(
  forwarded: readonly { index: number; item: TicketBatchItem }[],
  entries: readonly JsonRecord[],
  enrolledName: string,
  claimedNames: readonly string[],
): { entries: JsonRecord[]; changed: boolean } {
  let changed = false;
  const out = entries.map((entry, position) => {
    const sent = forwarded[position];
    const ticket = isRecord(entry.ticket) ? entry.ticket : null;
    if (!sent || !ticket || entry.result !== 'already_checked_in' || ticket.check_in_device_name !== enrolledName) return entry;
    const checkedIn = isRecord(ticket.checked_in) ? stringOrNull(ticket.checked_in.date) : null;
    const claimed = claimedNames[sent.index];
    if (checkedIn === null || checkedIn.slice(0, 19) !== sent.item.time || claimed === undefined || claimed === enrolledName) return entry;
    changed = true;
    return { ...entry, ticket: { ...ticket, check_in_device_name: claimed } };
  });
  return { entries: out, changed };
}

/** The rows to record for forwarded items and the upstream's per-item entries (null entries: async, nothing per item). */
export function movementsFor(
  forwarded: readonly { item: TicketBatchItem }[],
  entries: readonly (JsonRecord | null)[],
  context: { direction: Direction; deviceId: number; isAsync: boolean; receivedAt: string; fallbackResult?: string },
): MovementInput[] {
  return forwarded.map(({ item }, position) => {
    const entry = entries[position] ?? null;
    const result = entry ? entryResult(entry, context.direction) : (context.fallbackResult ?? 'queued');
    return {
      ticketId: item.ticket_id,
      direction: context.direction,
      deviceId: context.deviceId,
      door: item.device_name,
      scanTime: item.time,
      source: item.source,
      result,
      isAsync: context.isAsync,
      receivedAt: context.receivedAt,
      presence: presenceFromEntry(item, context.direction, context.deviceId, result, entry),
      knownPurchaseId: purchaseVouchedFor(item.ticket_id, entry, result),
    };
  });
}
