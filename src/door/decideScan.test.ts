// The door's decision with a guest list, as a table: each row a situation at the door and what the guest gets.
import { describe, expect, it } from 'vitest';
import type { TicketRow } from '../db/tables.ts';
import type { GuestListEntry, GuestListMeta } from '../model/guestListEntry.ts';
import { parsePayload } from '../model/parsePayload.ts';
import type { GuestListPolicy } from '../settings/preferences.ts';
import { codeFor, LIST_PURCHASE, LIST_SUBTYPE, listEntry, listMeta } from '../testing/guestListFixtures.ts';
import { decideScan, listStanding, type DoorList, type ListFacts } from './decideScan.ts';

const NOW = Date.parse('2026-11-24T19:00:00Z');
const DOOR = '2026-11-24';
const CODE = codeFor(LIST_PURCHASE, 1);
const STRANGER = codeFor('aaaaaaaaaaaaaaaaaaaaaaaa', 7);
const ADMIT: GuestListPolicy = { unknownCodes: 'admit', maxAgeMinutes: 240 };
const REFUSE: GuestListPolicy = { unknownCodes: 'refuse', maxAgeMinutes: 240 };
const ADINA = { name: 'Adina Okafor', ticketType: 'Standing', reference: 'DMN-7930721728-1' };

interface Situation {
  code?: string;
  meta?: GuestListMeta | null;
  entries?: GuestListEntry[];
  byReference?: GuestListEntry[];
  policy?: GuestListPolicy;
  known?: TicketRow | null;
  local?: Partial<Pick<DoorList, 'localMapping' | 'localCodeMiddle'>>;
}

function decide({ code = CODE, meta = listMeta(), entries = [], byReference = [], policy = ADMIT, known = null, local = {} }: Situation) {
  const list: DoorList = { doorDate: DOOR, nowMs: NOW, policy, meta, localMapping: { listedConfirmed: 0, unlistedConfirmed: 0 }, localCodeMiddle: null, ...local };
  const facts: ListFacts = { list, entries, byReference };
  const parsed = parsePayload(code);
  const resolved = parsed.kind === 'ticket' ? parsed.ticketId : null;
  return decideScan(parsed, resolved, known, 'in', facts);
}

const knownIn = (ticketId: string): TicketRow => ({ ticketId, status: 'valid', reference: null, guestName: null, checkedInAt: '2026-11-24 18:40:00', checkedInDoor: 'South', updatedAt: '' });

describe('decideScan with a guest list', () => {
  it.each<[string, Situation, { verdict: unknown; send: boolean }]>([
    ['on the list for the door\'s date: admitted by name', { entries: [listEntry()] }, { verdict: { kind: 'admitted', guest: ADINA }, send: true }],
    ['on the list, with a minimum age: "Check ID"', { entries: [listEntry()], meta: listMeta({ minimumAge: 'Over 18' }) }, { verdict: { kind: 'admitted', guest: ADINA, checkId: 'Over 18' }, send: true }],
    ['on the list and checked in there: already in', { entries: [listEntry({ checkedIn: true })] }, { verdict: { kind: 'alreadyInOnList', guest: ADINA }, send: false }],
    ['on the list, and this device let them in: already in, with the time', { entries: [listEntry()], known: knownIn(CODE) }, { verdict: { kind: 'alreadyIn', at: '2026-11-24 18:40:00', door: 'South' }, send: false }],
    ['refunded', { entries: [listEntry({ refunded: true })] }, { verdict: { kind: 'refunded', guest: ADINA }, send: false }],
    ['refunded on an old list too', { entries: [listEntry({ refunded: true })], meta: listMeta({ fetchedAt: '2026-11-24T10:00:00Z' }) }, { verdict: { kind: 'refunded', guest: ADINA }, send: false }],
    ['on the list only for another date', { entries: [listEntry({ occurrence: '2026-12-05' })] }, { verdict: { kind: 'otherDate', date: '2026-12-05', doorDate: DOOR, guest: ADINA }, send: false }],
    ['another date, with no list for the door\'s date', { entries: [listEntry({ occurrence: '2026-12-05' })], meta: listMeta({ occurrences: ['2026-12-05'] }) }, { verdict: { kind: 'otherDate', date: '2026-12-05', doorDate: DOOR, guest: ADINA }, send: false }],
    ['not on a current confirmed list', { code: STRANGER }, { verdict: { kind: 'notOnList' }, send: false }],
    ['not on the list, mapping not confirmed, policy admit: amber and sent', { code: STRANGER, meta: listMeta({ mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } }) }, { verdict: { kind: 'admitted', unchecked: 'notConfirmed' }, send: true }],
    ['not on the list, mapping not confirmed, policy refuse', { code: STRANGER, meta: listMeta({ mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } }), policy: REFUSE }, { verdict: { kind: 'noGuestList', reason: 'notConfirmed' }, send: false }],
    ['not on the list, this device confirmed the mapping itself', { code: STRANGER, meta: listMeta({ mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } }), local: { localMapping: { listedConfirmed: 2, unlistedConfirmed: 0 } } }, { verdict: { kind: 'notOnList' }, send: false }],
    ['not on the list, mapping broken: the policy, saying why', { code: STRANGER, meta: listMeta({ mapping: { listedConfirmed: 40, unlistedConfirmed: 3 } }) }, { verdict: { kind: 'admitted', unchecked: 'broken' }, send: true }],
    ['mapping broken by this device\'s own evidence, policy refuse', { code: STRANGER, local: { localMapping: { listedConfirmed: 0, unlistedConfirmed: 5 } }, policy: REFUSE }, { verdict: { kind: 'noGuestList', reason: 'broken' }, send: false }],
    ['a code naming another event, once the middle is known to be the event', { code: codeFor(LIST_PURCHASE, 9, 'b'.repeat(24)), meta: listMeta({ codeMiddle: 'item' }) }, { verdict: { kind: 'otherEvent' }, send: false }],
    ['the same code while the middle part is learned by this device only', { code: codeFor(LIST_PURCHASE, 9, 'b'.repeat(24)), local: { localCodeMiddle: 'item' } }, { verdict: { kind: 'otherEvent' }, send: false }],
    ['another middle while the middle is the ticket type: not on the list, not "another event"', { code: codeFor(LIST_PURCHASE, 9, LIST_SUBTYPE), meta: listMeta({ codeMiddle: 'subType' }) }, { verdict: { kind: 'notOnList' }, send: false }],
    ['no list on the device, policy admit: amber', { code: STRANGER, meta: null }, { verdict: { kind: 'admitted', unchecked: 'noList' }, send: true }],
    ['no list on the device, policy refuse', { code: STRANGER, meta: null, policy: REFUSE }, { verdict: { kind: 'noGuestList', reason: 'noList' }, send: false }],
    ['a list, but not for the door\'s date', { code: STRANGER, meta: listMeta({ occurrences: ['2026-12-05'] }) }, { verdict: { kind: 'admitted', unchecked: 'noList' }, send: true }],
    ['a forged code of Tonic\'s shape numbered 0: not on the list, not an unlisted number', { code: `${'a'.repeat(24)}.${LIST_SUBTYPE}.0` }, { verdict: { kind: 'notOnList' }, send: false }],
    ['a forged code with a leading zero: not on the list', { code: `${'a'.repeat(24)}.${LIST_SUBTYPE}.01` }, { verdict: { kind: 'notOnList' }, send: false }],
    ['another date\'s old read does not age tonight\'s list (its own read time counts)', { code: STRANGER, meta: listMeta({ fetchedAt: '2026-11-20T14:00:00Z', fetchedAtByDate: { '2026-11-20': '2026-11-20T14:00:00Z', [DOOR]: '2026-11-24T18:30:00Z' } }) }, { verdict: { kind: 'notOnList' }, send: false }],
    ['tonight\'s own read is old: stale, whatever the other dates', { code: STRANGER, meta: listMeta({ fetchedAt: '2026-11-24T18:30:00Z', fetchedAtByDate: { [DOOR]: '2026-11-24T14:00:00Z' } }) }, { verdict: { kind: 'admitted', unchecked: 'staleList', listAgeMinutes: 300 }, send: true }],
    ['a number, with numbers listed on another date only: the no-list policy', { code: '2148', meta: listMeta({ holdsNumbers: true, numberDates: ['2026-12-05'] }) }, { verdict: { kind: 'admitted', unchecked: 'numbers' }, send: true }],
    ['a number, with numbers listed on the door\'s date: not on the list', { code: '2148', meta: listMeta({ holdsNumbers: true, numberDates: [DOOR] }) }, { verdict: { kind: 'notOnList' }, send: false }],
    ['a stale list (5 h old), unknown code, admit', { code: STRANGER, meta: listMeta({ fetchedAt: '2026-11-24T14:00:00Z', minimumAge: 'Over 18' }) }, { verdict: { kind: 'admitted', unchecked: 'staleList', listAgeMinutes: 300, checkId: 'Over 18' }, send: true }],
    ['a stale list, unknown code, refuse', { code: STRANGER, meta: listMeta({ fetchedAt: '2026-11-24T14:00:00Z' }), policy: REFUSE }, { verdict: { kind: 'noGuestList', reason: 'staleList', listAgeMinutes: 300 }, send: false }],
    ['a list never fetched counts as stale', { code: STRANGER, meta: listMeta({ fetchedAt: null }), policy: REFUSE }, { verdict: { kind: 'noGuestList', reason: 'staleList' }, send: false }],
    ['on a stale list: admitted by name, in amber', { entries: [listEntry()], meta: listMeta({ fetchedAt: '2026-11-24T14:00:00Z' }) }, { verdict: { kind: 'admitted', guest: ADINA, unchecked: 'staleList', listAgeMinutes: 300 }, send: true }],
    ['a number, list without numbers: the policy', { code: '12345', policy: REFUSE }, { verdict: { kind: 'noGuestList', reason: 'numbers' }, send: false }],
    ['a number, list without numbers, admit: amber', { code: '12345' }, { verdict: { kind: 'admitted', unchecked: 'numbers' }, send: true }],
    ['a number not on a list that holds numbers', { code: '12345', meta: listMeta({ holdsNumbers: true }) }, { verdict: { kind: 'notOnList' }, send: false }],
    ['a number not on a list that holds numbers, Tonic codes\' mapping unconfirmed: numbers are matched exactly', { code: '12345', meta: listMeta({ holdsNumbers: true, mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } }) }, { verdict: { kind: 'notOnList' }, send: false }],
    ['a number on a list that holds numbers', { code: '12345', meta: listMeta({ holdsNumbers: true }), entries: [listEntry({ key: '12345', code: '12345', purchaseId: null, ticketRef: null, reference: null })] }, { verdict: { kind: 'admitted', guest: { ...ADINA, reference: null } }, send: true }],
    ['this device let the code in earlier, not on the list now: already in (not admitted again either way)', { code: STRANGER, known: knownIn(STRANGER) }, { verdict: { kind: 'alreadyIn', at: '2026-11-24 18:40:00', door: 'South' }, send: false }],
    ['this device knows the code in, no list: already in', { code: STRANGER, meta: null, known: knownIn(STRANGER) }, { verdict: { kind: 'alreadyIn', at: '2026-11-24 18:40:00', door: 'South' }, send: false }],
  ])('%s', (_name, situation, expected) => {
    const decision = decide(situation);
    expect(decision.verdict).toEqual(expected.verdict);
    expect(decision.send).toBe(expected.send);
  });

  it('is exactly at its age limit still current, a minute past it stale', () => {
    const list = (fetchedAt: string): DoorList => ({ doorDate: DOOR, nowMs: NOW, policy: ADMIT, meta: listMeta({ fetchedAt }), localMapping: { listedConfirmed: 0, unlistedConfirmed: 0 }, localCodeMiddle: null });
    expect(listStanding(list('2026-11-24T15:00:00Z'))).toEqual({ kind: 'current', ageMinutes: 240 });
    expect(listStanding(list('2026-11-24T14:59:00Z'))).toEqual({ kind: 'stale', ageMinutes: 241 });
  });

  it('finds a typed reference on the list: the guest by name once the code is known, said plainly when it is not', () => {
    const entry = listEntry();
    const list: DoorList = { doorDate: DOOR, nowMs: NOW, policy: ADMIT, meta: listMeta(), localMapping: { listedConfirmed: 0, unlistedConfirmed: 0 }, localCodeMiddle: null };
    const typed = parsePayload('dmn-7930721728-1');
    expect(decideScan(typed, CODE, null, 'in', { list, entries: [entry], byReference: [entry] })).toEqual({ verdict: { kind: 'admitted', guest: ADINA }, ticketId: CODE, send: true });
    expect(decideScan(typed, null, null, 'in', { list, entries: [], byReference: [entry] })).toEqual({ verdict: { kind: 'foundNoCode', guest: ADINA }, ticketId: null, send: false });
    expect(decideScan(typed, null, null, 'in', { list, entries: [], byReference: [] }).verdict).toEqual({ kind: 'notATicket', reason: 'this booking reference is not on the guest list, nor known on this device' });
    // Before the code can be worked out, the list's word on the ticket still comes first: refunded, or another night's.
    const refunded = listEntry({ refunded: true });
    expect(decideScan(typed, null, null, 'in', { list, entries: [], byReference: [refunded] }).verdict).toEqual({ kind: 'refunded', guest: ADINA });
    const saturday = listEntry({ occurrence: '2026-12-05' });
    expect(decideScan(typed, null, null, 'in', { list, entries: [], byReference: [saturday] }).verdict).toEqual({ kind: 'otherDate', date: '2026-12-05', doorDate: DOOR, guest: ADINA });
    const noList = { ...list, meta: null };
    expect(decideScan(typed, null, null, 'in', { list: noList, entries: [], byReference: [] }).verdict).toEqual({ kind: 'notATicket', reason: 'this booking reference is not known on this device yet' });
  });

  it('lists a booking with several tickets instead of picking one', () => {
    const list: DoorList = { doorDate: DOOR, nowMs: NOW, policy: ADMIT, meta: listMeta(), localMapping: { listedConfirmed: 0, unlistedConfirmed: 0 }, localCodeMiddle: null };
    const booking = [listEntry(), listEntry({ ticketRef: 2, guestName: 'Ben Okafor' })];
    expect(decideScan(parsePayload('DMN-7930721728'), null, null, 'in', { list, entries: [], byReference: booking }).verdict).toEqual({ kind: 'severalOnList', purchaseRef: 'DMN-7930721728', count: 2 });
  });

  it('always sends a check-out, and keeps Tonic\'s own "cancelled" first', () => {
    const list: DoorList = { doorDate: DOOR, nowMs: NOW, policy: REFUSE, meta: listMeta(), localMapping: { listedConfirmed: 0, unlistedConfirmed: 0 }, localCodeMiddle: null };
    expect(decideScan(parsePayload(STRANGER), STRANGER, null, 'out', { list, entries: [], byReference: [] })).toMatchObject({ verdict: { kind: 'checkedOut' }, send: true });
    const cancelled: TicketRow = { ...knownIn(CODE), status: 'cancelled', checkedInAt: null };
    expect(decideScan(parsePayload(CODE), CODE, cancelled, 'in', { list, entries: [listEntry()], byReference: [] }).verdict).toEqual({ kind: 'cancelled' });
  });

  it('decides as before the guest list when given no list facts (a plain admission)', () => {
    expect(decideScan(parsePayload(STRANGER), STRANGER, null).verdict).toEqual({ kind: 'admitted' });
  });
});
