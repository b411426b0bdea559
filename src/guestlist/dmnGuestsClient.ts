// Client of the DesignMyNight Event Guests API: one occurrence's guest list, without emails or phone numbers, and no
// call before the hourly rate limit's reset once the API said the allowance is spent.
import { z } from 'zod';
import { apiError, type ApiError } from '../api/apiError.ts';
import { parseRetryAfter, requestJson, type FetchLike } from '../api/httpRequest.ts';
import { listKeyOf } from '../model/matchCode.ts';
import type { GuestListEntry } from '../model/guestListEntry.ts';

export interface DmnGuestsClientConfig {
  /** e.g. `https://api.designmynight.com` (no trailing `/v4`). */
  baseUrl: string;
  appId: string;
  key: string;
  /** The event's 24-hex id. */
  eventId: string;
}

/** A ticket on the list, as a door may keep it: no email, no phone. */
export interface GuestListTicket {
  /** The ticket's own 24-hex id (`_id`). */
  id: string;
  /** The ticket's number within its purchase (`ticket_ref`). */
  ticketRef: number;
  reference: number | null;
  guestName: string;
  checkedIn: boolean;
  refunded: boolean;
  itemId: string;
  itemName: string;
  subTypeId: string;
  subTypeName: string;
}

/** A purchase on the list ("guest" in the API), as a door may keep it: no email, no phone. */
export interface GuestListPurchase {
  purchaseId: string;
  purchaseRef: string;
  firstName: string;
  lastName: string;
  numPeople: number;
  subTypeName: string;
  checkedInGuests: number;
  comments: string | null;
  tickets: GuestListTicket[];
}

export interface GuestList {
  eventId: string;
  occurrence: string;
  purchases: GuestListPurchase[];
}

/** An error of this client; `retryAt` (ISO) is set when the rate limit forbids calling again before then. */
export type GuestsError = ApiError & { retryAt: string | null };

export type GuestsResult = { ok: true; value: GuestList } | { ok: false; error: GuestsError };

export interface DmnGuestsClient {
  fetchGuests(occurrence: string): Promise<GuestsResult>;
  /** When the next call may go out (ISO), or null when it may go now. */
  blockedUntil(): string | null;
}

/** How long to hold off after a 429 that names no reset time (neither X-RateLimit-Reset nor Retry-After). */
export const FALLBACK_RATE_LIMIT_WAIT_MS = 5 * 60_000;

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const OCCURRENCE = /^\d{4}-\d{2}-\d{2}$/;

const text = z.string().nullish().transform((value) => value ?? '');

// z.object drops every key it does not name: email, phone, guest_email never leave this module.
const ticketSchema = z.object({
  _id: z.string().regex(OBJECT_ID, 'must be a 24-hex id'),
  ticket_ref: z.number().int().nonnegative(),
  reference: z.number().int().nullish(),
  checked_in: z.boolean(),
  refunded: z.boolean(),
  guest_name: text,
  item_id: z.string(),
  item_name: text,
  sub_type_id: z.string(),
  sub_type_name: text,
});

const guestSchema = z.object({
  purchaseId: z.string().regex(OBJECT_ID, 'must be a 24-hex id'),
  purchaseRef: text,
  firstName: text,
  lastName: text,
  numPeople: z.number().int().nonnegative().nullish(),
  subTypeName: text,
  checkedInGuests: z.number().int().nonnegative().nullish(),
  comments: z.string().nullish(),
  ticketList: z.array(ticketSchema),
});

const guestsReplySchema = z.object({ payload: z.object({ guests: z.array(guestSchema) }) });

function toTicket(ticket: z.infer<typeof ticketSchema>): GuestListTicket {
  return {
    id: ticket._id.toLowerCase(),
    ticketRef: ticket.ticket_ref,
    reference: ticket.reference ?? null,
    guestName: ticket.guest_name,
    checkedIn: ticket.checked_in,
    refunded: ticket.refunded,
    itemId: ticket.item_id.toLowerCase(),
    itemName: ticket.item_name,
    subTypeId: ticket.sub_type_id.toLowerCase(),
    subTypeName: ticket.sub_type_name,
  };
}

function toPurchase(guest: z.infer<typeof guestSchema>): GuestListPurchase {
  return {
    purchaseId: guest.purchaseId.toLowerCase(),
    purchaseRef: guest.purchaseRef,
    firstName: guest.firstName,
    lastName: guest.lastName,
    numPeople: guest.numPeople ?? guest.ticketList.length,
    subTypeName: guest.subTypeName,
    checkedInGuests: guest.checkedInGuests ?? guest.ticketList.filter((ticket) => ticket.checked_in).length,
    comments: guest.comments ?? null,
    tickets: guest.ticketList.map(toTicket),
  };
}

/** A reset instant from `X-RateLimit-Reset` (ISO 8601), or null when absent or unreadable. */
function readReset(headers: Headers): number | null {
  const raw = headers.get('x-ratelimit-reset');
  if (raw === null) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

/** When `Retry-After` (seconds or a date) allows the next call, or null without one. */
function readRetryAfter(headers: Headers, nowMs: number): number | null {
  const delayMs = parseRetryAfter(headers.get('retry-after'), nowMs);
  return delayMs === null ? null : nowMs + delayMs;
}

const errorOf = (error: ApiError, retryAt: string | null = null): GuestsResult => ({ ok: false, error: { ...error, retryAt } });

export function createDmnGuestsClient(config: DmnGuestsClientConfig, fetchImpl: FetchLike, clock: () => Date): DmnGuestsClient {
  /** No call before this instant (ms since the epoch); 0 when free to call. */
  let notBeforeMs = 0;
  const blockedUntil = (): string | null => (clock().getTime() < notBeforeMs ? new Date(notBeforeMs).toISOString() : null);

  /** Reads the limit headers of any reply: spent (remaining 0, or a 429) means no call before the reset. */
  function noteLimit(headers: Headers, status: number): void {
    const nowMs = clock().getTime();
    const remaining = headers.get('x-ratelimit-remaining');
    const spent = status === 429 || (remaining !== null && remaining.trim() !== '' && Number(remaining) <= 0);
    if (!spent) return;
    const reset = readReset(headers) ?? readRetryAfter(headers, nowMs);
    // A reset in the past with the allowance spent is a clock disagreement; waiting the fallback beats hammering.
    notBeforeMs = reset !== null && reset > nowMs ? reset : nowMs + FALLBACK_RATE_LIMIT_WAIT_MS;
  }

  async function fetchGuests(occurrence: string): Promise<GuestsResult> {
    if (!OCCURRENCE.test(occurrence)) return errorOf(apiError('badRequest', `The date "${occurrence.slice(0, 40)}" is not a date as YYYY-MM-DD`));
    if (!OBJECT_ID.test(config.eventId)) return errorOf(apiError('badRequest', 'The guest list needs the event id, 24 letters and digits (0-9, a-f)'));
    const waitUntil = blockedUntil();
    if (waitUntil !== null) {
      const retryAfterMs = notBeforeMs - clock().getTime();
      return errorOf(apiError('rateLimited', `The guest list allows no more requests until ${waitUntil}; not asking before then`, null, retryAfterMs), waitUntil);
    }
    const url = `${config.baseUrl.replace(/\/+$/, '')}/v4/events/${encodeURIComponent(config.eventId)}/guests?occurrence=${occurrence}`;
    const reply = await requestJson(
      fetchImpl,
      { url, method: 'GET', headers: { Authorization: `${config.appId}:${config.key}` }, onHeaders: noteLimit },
      guestsReplySchema,
    );
    if (!reply.ok) {
      const retryAt = reply.error.kind === 'rateLimited' ? blockedUntil() : null;
      return errorOf(retryAt === null ? reply.error : { ...reply.error, retryAfterMs: notBeforeMs - clock().getTime() }, retryAt);
    }
    return { ok: true, value: { eventId: config.eventId.toLowerCase(), occurrence, purchases: reply.value.payload.guests.map(toPurchase) } };
  }

  // Callers asking for the same list at once share one request: a busy screen never turns into a burst of calls.
  const inFlight = new Map<string, Promise<GuestsResult>>();
  return {
    blockedUntil,
    fetchGuests(occurrence) {
      const pending = inFlight.get(occurrence);
      if (pending) return pending;
      const request = fetchGuests(occurrence).finally(() => inFlight.delete(occurrence));
      inFlight.set(occurrence, request);
      return request;
    },
  };
}

/** A DMN occurrence list as entries. */
export function entriesFromDmn(list: GuestList): GuestListEntry[] {
  return list.purchases.flatMap((purchase) =>
    purchase.tickets.map((ticket) => ({
      key: listKeyOf(purchase.purchaseId, ticket.ticketRef),
      occurrence: list.occurrence,
      purchaseId: purchase.purchaseId,
      ticketRef: ticket.ticketRef,
      code: null,
      ticketObjectId: ticket.id,
      purchaseRef: purchase.purchaseRef ? purchase.purchaseRef.toUpperCase() : null,
      reference: purchase.purchaseRef && ticket.reference !== null ? `${purchase.purchaseRef}-${ticket.reference}`.toUpperCase() : null,
      guestName: ticket.guestName || `${purchase.firstName} ${purchase.lastName}`.trim(),
      ticketType: ticket.subTypeName || purchase.subTypeName,
      itemId: ticket.itemId || null,
      subTypeId: ticket.subTypeId || null,
      refunded: ticket.refunded,
      checkedIn: ticket.checkedIn,
    })),
  );
}
