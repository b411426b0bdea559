// Test helpers for the gateway's guest list: timers fired by hand, a scripted DesignMyNight, NDJSON read back.
import { expect } from 'vitest';
import { decodeEntry, type GuestListEntry, type WireDelete, type WireEnd, type WireHead } from '../../src/model/guestListEntry.ts';
import type { GuestListTimers } from '../gateway/guestList/guestListService.ts';

/** Timers that run only when a test fires them: the schedule's delays are read, never waited for. */
export class ManualTimers implements GuestListTimers {
  private readonly pending = new Map<number, { run: () => void; ms: number }>();
  private nextId = 1;

  set(run: () => void, ms: number): unknown {
    const id = this.nextId;
    this.nextId += 1;
    this.pending.set(id, { run, ms });
    return id;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** The delays of the timers waiting now. */
  delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Runs the one waiting timer (a schedule never has two). */
  fire(): void {
    const entries = [...this.pending.entries()];
    expect(entries, 'exactly one timer is pending').toHaveLength(1);
    const [id, timer] = entries[0] ?? [0, { run: () => {}, ms: 0 }];
    this.pending.delete(id);
    timer.run();
  }
}

export interface ScriptedReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A DesignMyNight that answers from a script, one reply per request, and records every request it got. */
export function scriptedDmn() {
  const calls: { url: string; authorization: string | null }[] = [];
  const script: ScriptedReply[] = [];
  const fetchUpstream = async (url: string, init: RequestInit): Promise<Response> => {
    calls.push({ url, authorization: new Headers(init.headers).get('authorization') });
    const reply = script.shift();
    if (!reply) throw new Error(`scripted DMN: no reply left for ${url}`);
    return new Response(JSON.stringify(reply.body ?? {}), { status: reply.status, headers: { 'content-type': 'application/json', ...reply.headers } });
  };
  return { calls, script, fetchUpstream };
}

/** A DMN guests reply with these purchases (each a list of ticket refs), emails and phones included as the real API has them. */
export function dmnGuestsBody(purchases: { purchaseId: string; refs: number[]; refunded?: number[] }[], itemId: string, subTypeId: string): unknown {
  return {
    payload: {
      guests: purchases.map((purchase, index) => ({
        purchaseId: purchase.purchaseId,
        purchaseRef: `DMN-${1000 + index}`,
        firstName: 'Ada',
        lastName: `Guest${index}`,
        email: `ada${index}@example.com`,
        phone: `+44 7700 900${String(index).padStart(3, '0')}`,
        numPeople: purchase.refs.length,
        subTypeName: 'General admission',
        ticketList: purchase.refs.map((ref) => ({
          _id: `${String(ref).padStart(4, '0')}${'e'.repeat(20)}`,
          ticket_ref: ref,
          reference: 100 + ref,
          checked_in: false,
          refunded: purchase.refunded?.includes(ref) ?? false,
          guest_name: `Ada Guest${index}-${ref}`,
          guest_email: `ticket${ref}@example.com`,
          item_id: itemId,
          item_name: 'Demo night',
          sub_type_id: subTypeId,
          sub_type_name: 'General admission',
        })),
      })),
    },
    status: 200,
  };
}

export interface ReadList {
  head: WireHead;
  puts: GuestListEntry[];
  dels: WireDelete[];
  end: WireEnd | null;
  text: string;
}

/** Reads a whole /api/guestlist reply and checks every line is one of the wire format's. */
export async function readGuestList(response: Response): Promise<ReadList> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  const text = await response.text();
  const lines = text.split('\n');
  expect(lines.at(-1), 'the reply ends with a newline').toBe('');
  const values = lines.slice(0, -1).map((line) => JSON.parse(line) as unknown);
  const [head, ...rest] = values;
  const puts: GuestListEntry[] = [];
  const dels: WireDelete[] = [];
  let end: WireEnd | null = null;
  for (const value of rest) {
    expect(end, 'nothing after the end line').toBeNull();
    if (Array.isArray(value)) {
      const entry = decodeEntry(value);
      expect(entry, JSON.stringify(value)).not.toBeNull();
      if (entry) puts.push(entry);
    } else if ((value as { t?: string }).t === 'del') dels.push(value as WireDelete);
    else if ((value as { t?: string }).t === 'end') end = value as WireEnd;
    else throw new Error(`not a guest list line: ${JSON.stringify(value)}`);
  }
  expect((head as { t?: string }).t).toBe('head');
  return { head: head as WireHead, puts, dels, end, text };
}
