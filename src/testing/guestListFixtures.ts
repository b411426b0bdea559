// Guest-list entries and gateway replies for tests: wire replies built with the real encoder (guestListEntry.ts).
import { encodeEntry, type GuestListEntry, type GuestListMeta } from '../guestlist/guestListEntry.ts';

export const LIST_EVENT_ID = 'e';

/** The n-th ticket of a made-up list: purchase ids and refs derived from n, a name to search by. */
export function entryFixture(n: number, patch: Partial<GuestListEntry> = {}): GuestListEntry {
  const purchaseId = n.toString(16).padStart(24, '0');
  return {
    key: `${purchaseId}.1`,
    occurrence: '2026-11-24',
    purchaseId,
    ticketRef: 1,
    code: null,
    ticketObjectId: (n + 1_000_000).toString(16).padStart(24, '0'),
    purchaseRef: `DMN-${1000 + n}`,
    reference: `DMN-${1000 + n}-1`,
    guestName: `Guest Number${n}`,
    ticketType: 'General admission',
    itemId: 'a'.repeat(24),
    subTypeId: 'b'.repeat(24),
    refunded: false,
    checkedIn: false,
    ...patch,
  };
}

export function metaFixture(patch: Partial<GuestListMeta> = {}): GuestListMeta {
  return {
    eventId: LIST_EVENT_ID,
    source: 'dmn',
    version: 1,
    occurrences: ['2026-11-24'],
    fetchedAt: '2026-11-24T18:55:00.000Z',
    size: 0,
    holdsNumbers: false,
    codeMiddle: null,
    mapping: { listedConfirmed: 0, unlistedConfirmed: 0 },
    minimumAge: null,
    ...patch,
  };
}

export interface WireReplyParts {
  version: number;
  full: boolean;
  meta: GuestListMeta | null;
  puts?: GuestListEntry[];
  dels?: Array<{ key: string; occurrence: string }>;
  /** The head's `error` (the gateway's last refresh error); left out when undefined. */
  error?: string | null;
  /** Leave the end line out (a cut stream). */
  noEnd?: boolean;
}

/** The NDJSON a gateway sends for these parts. */
export function wireReply({ version, full, meta, puts = [], dels = [], error, noEnd = false }: WireReplyParts): string {
  const lines = [
    JSON.stringify({ t: 'head', version, full, meta, ...(error === undefined ? {} : { error }) }),
    ...puts.map((entry) => JSON.stringify(encodeEntry(entry))),
    ...dels.map((del) => JSON.stringify({ t: 'del', ...del })),
    ...(noEnd ? [] : [JSON.stringify({ t: 'end', version, puts: puts.length, dels: dels.length })]),
  ];
  return `${lines.join('\n')}\n`;
}

/** A body streamed in chunks of `chunkSize` characters (lines cut anywhere), as a network delivers it. */
export function chunkedBody(text: string, chunkSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}
