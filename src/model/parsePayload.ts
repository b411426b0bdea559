// Turns raw decoded or typed text into a ticket id, a booking reference, or "not a ticket" with the reason.
import { looksLikeSetupCode } from '../contracts/setupCodeShape.ts';

export type ParsedPayload =
  | { kind: 'ticket'; ticketId: string }
  | { kind: 'reference'; reference: string }
  | { kind: 'notATicket'; reason: string };

export const MAX_PAYLOAD_CHARS = 512;
/** The reason for a setup link or setup JSON held up at the door: it carries credentials, so it must never be kept as a payload. */
export const SETUP_CODE_REASON = 'this is a setup code: open Settings to use it';

/** `<purchase 24 hex>.<24 hex>.<n>`: the first part is the booking (purchase) the ticket belongs to. */
export const TONIC_TICKET_ID = /^[0-9a-f]{24}\.[0-9a-f]{24}\.\d{1,6}$/i;
/** A Tonic ticket id starts with its purchase's id; other tickets (numeric ids) have no booking we can name. */
export const purchaseIdOf = (ticketId: string): string | null => (TONIC_TICKET_ID.test(ticketId) ? (ticketId.split('.')[0] ?? null) : null);
const NUMERIC_TICKET_ID = /^\d{1,15}$/;
const BOOKING_REFERENCE = /^[A-Z]{2,6}-\d{4,14}-\d{1,6}$/i;
const URL_ID_PARAMS = ['ticket_id', 'ticketId', 'ticket'];
// C0/C1 controls, zero-width characters and BOM: scanners and wallet apps add them around codes.
const INVISIBLES = /[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff]/g;

function asTicketId(candidate: string): string | null {
  if (TONIC_TICKET_ID.test(candidate)) return candidate.toLowerCase();
  if (NUMERIC_TICKET_ID.test(candidate)) return candidate;
  return null;
}

function fromUrl(text: string): ParsedPayload | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null; // not a URL: the caller tries the other shapes
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  for (const name of URL_ID_PARAMS) {
    const value = url.searchParams.get(name);
    const id = value === null ? null : asTicketId(value.trim());
    if (id) return { kind: 'ticket', ticketId: id };
  }
  // A path only names a ticket in Tonic's own id shape: "/menu/2" is a page, not ticket 2.
  const lastSegment = url.pathname.split('/').filter(Boolean).pop() ?? '';
  if (TONIC_TICKET_ID.test(lastSegment)) return { kind: 'ticket', ticketId: lastSegment.toLowerCase() };
  return { kind: 'notATicket', reason: `a web link (${shortHost(url.hostname)}), not a ticket` };
}

/** A host name as staff need it in a verdict: a real site's name whole, a made-up 300-letter one cut short. */
const MAX_HOST_IN_REASON = 60;
const shortHost = (hostname: string): string => cutShort(hostname, MAX_HOST_IN_REASON);

/** `value` whole, or cut to `max` characters ending in "…". */
export const cutShort = (value: string, max: number): string => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

export function parsePayload(raw: string): ParsedPayload {
  if (raw.length > MAX_PAYLOAD_CHARS * 4) return { kind: 'notATicket', reason: 'too long to be a ticket' };
  const text = raw.replace(INVISIBLES, '').trim();
  if (text.length === 0) return { kind: 'notATicket', reason: 'the code is empty' };
  // Before the length limit: a setup link with its credentials is longer than any ticket. Never a check-in, and staff
  // holding a colleague's setup QR up to the door should learn where it does work.
  if (looksLikeSetupCode(text)) return { kind: 'notATicket', reason: SETUP_CODE_REASON };
  if (text.length > MAX_PAYLOAD_CHARS) return { kind: 'notATicket', reason: 'too long to be a ticket' };
  if (text.includes('\ufffd')) return { kind: 'notATicket', reason: 'the code holds unreadable binary data' };

  const id = asTicketId(text);
  if (id) return { kind: 'ticket', ticketId: id };
  if (BOOKING_REFERENCE.test(text)) return { kind: 'reference', reference: text.toUpperCase() };
  const fromLink = fromUrl(text);
  if (fromLink) return fromLink;
  return { kind: 'notATicket', reason: 'not a ticket code this door knows' };
}
