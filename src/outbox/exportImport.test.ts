import { describe, expect, it } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import { createEngineFixture, scriptedTonic, TEST_CONFIG } from '../testing/engineFixture.ts';
import { runSyncPass } from '../sync/syncPass.ts';
import { queueBookingNote } from './bookingNoteQueue.ts';
import type { MutationRow, ScanRow, TicketRow } from '../db/tables.ts';
import { csvCell, exportScans, importScans, importSizeProblem, MAX_IMPORT_BYTES, scansToCsv } from './exportImport.ts';
import { countProblems, latestProblems } from '../reports/problems.ts';

async function deviceWithScans(payloads: string[]) {
  const fixture = createEngineFixture();
  for (const payload of payloads) {
    await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'camera' });
    fixture.advance(1_000);
  }
  return fixture;
}

describe('export and import', () => {
  it('moves unsent scans to another device, which queues them with their own door and time', async () => {
    const phone = await deviceWithScans(['2148', '2149', 'https://example.com/menu']);
    const exported = await exportScans(phone.db, phone.nowDate(), 'North gate 1');
    // As a version before schema v5 wrote a scan in flight: state `sending`, with its batch and lease.
    const file = JSON.stringify({ ...exported, scans: exported.scans.map((scan) => (scan.ticketId === '2149' ? { ...scan, state: 'sending', batchId: 'x', leaseUntil: 1 } : scan)) });

    const tablet = createEngineFixture('2026-11-24T20:00:00Z');
    const result = await importScans(tablet.db, file, tablet.nowDate());
    expect(result).toEqual({ ok: true, added: 3, queued: 2, alreadyHere: 0, notesAdded: 0, notesQueued: 0, from: 'North gate 1' });
    const rows = await tablet.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => [row.ticketId, row.state, row.deviceName, row.venueTime])).toEqual([
      ['2148', 'queued', 'North gate 1', '2026-11-24 19:00:00'],
      ['2149', 'queued', 'North gate 1', '2026-11-24 19:00:01'],
      [null, 'local', 'North gate 1', '2026-11-24 19:00:02'],
    ]);
    expect(rows[1]).toMatchObject({ attempts: 0 });
    expect(rows[1]).not.toHaveProperty('batchId');
    expect(rows[1]).not.toHaveProperty('leaseUntil');

    const again = await importScans(tablet.db, file, tablet.nowDate());
    expect(again).toMatchObject({ ok: true, added: 0, alreadyHere: 3 });
    expect(await tablet.db.scans.count()).toBe(3);
  });

  it('carries staff notes on bookings: unsent ones are queued on the new device, sent ones kept as history', async () => {
    const ticket = '627e095671209038d339a182.627cb97471209027347177dc.1';
    const phone = await deviceWithScans([ticket]);
    const sent = await queueBookingNote(phone.db, ticket, 'Wheelchair space needed', phone.nowDate(), phone.newId);
    const unsent = await queueBookingNote(phone.db, ticket, 'Guest left a coat at the desk', phone.nowDate(), phone.newId);
    if (!sent.ok || !unsent.ok) throw new Error('notes not queued');
    await phone.db.mutations.update(sent.note.id, { state: 'confirmed' });
    await phone.db.mutations.update(unsent.note.id, { state: 'sending', attempts: 3, lastError: 'HTTP 503' });
    const file = JSON.stringify(await exportScans(phone.db, phone.nowDate(), 'North gate 1'));

    const tablet = createEngineFixture('2026-11-24T20:00:00Z');
    expect(await importScans(tablet.db, file, tablet.nowDate())).toMatchObject({ ok: true, added: 1, notesAdded: 2, notesQueued: 1 });
    const notes = await tablet.db.mutations.orderBy('id').toArray();
    expect(notes.map((note) => [note.comments, note.state, note.purchaseId])).toEqual([
      ['Wheelchair space needed', 'confirmed', '627e095671209038d339a182'],
      ['Guest left a coat at the desk', 'queued', '627e095671209038d339a182'],
    ]);
    expect(notes[1]).toMatchObject({ attempts: 0, nextAttemptAt: tablet.now(), lastError: 'HTTP 503' });
    expect(await importScans(tablet.db, file, tablet.nowDate())).toMatchObject({ ok: true, notesAdded: 0, notesQueued: 0 });
    expect(await tablet.db.mutations.count()).toBe(2);
  });

  it('leaves the server\'s verdicts out of the file: the importing device reads them again from the answers the file keeps', async () => {
    const phone = await deviceWithScans(['2148', '2149', '2150', '2151']);
    const answers = [
      { result: 'success' },
      { result: 'already_checked_in', ticket: { checked_in: { date: '2026-11-24 18:55:10.000000' }, check_in_device_name: 'South gate' } },
      { result: 'banned', message: 'Guest is banned' },
    ];
    const tonic = scriptedTonic((items) => ({ ok: true, value: items.slice(0, 3).map((_, index) => ({ _id: null, ...answers[index]! })) }));
    await runSyncPass({ db: phone.db, tonic, now: phone.now, random: phone.random, newBatchId: phone.newId, batchSize: 3, setupVersion: null, holdsSyncLock: true, log: () => {} });
    const here = await phone.db.scans.orderBy('id').toArray();
    expect(here.map((row) => [row.state, row.serverVerdict?.kind ?? null])).toEqual([
      ['confirmed', 'admitted'],
      ['rejected', 'alreadyIn'],
      ['rejected', 'refusedByServer'],
      ['confirmed', 'admitted'], // the fourth went alone, in a second batch, answered "success"
    ]);

    const exported = await exportScans(phone.db, phone.nowDate(), 'North gate 1');
    for (const scan of exported.scans) expect(scan).not.toHaveProperty('serverVerdict');
    const tablet = createEngineFixture('2026-11-24T20:00:00Z');
    expect(await importScans(tablet.db, JSON.stringify(exported), tablet.nowDate())).toMatchObject({ ok: true, added: 4, queued: 0 });
    const there = await tablet.db.scans.orderBy('id').toArray();
    expect(there.map((row) => row.serverVerdict)).toEqual(here.map((row) => row.serverVerdict));
    expect(there.map((row) => row.serverResult)).toEqual(here.map((row) => row.serverResult));
  });

  it('imports an export from before verdicts were stored, reading each answered scan\'s verdict from the server\'s answer', async () => {
    const said = (result: string, message: string | null, checkedInAt: string | null = null) => ({ result, message, checkedInAt, checkedInDevice: checkedInAt ? 'South gate' : null, receivedAt: '2026-11-24T18:00:01.000Z' });
    const scans = [
      handMadeScan(0, { state: 'rejected', serverResult: said('not_found', 'Ticket not found') }),
      handMadeScan(1, { state: 'rejected', serverResult: said('already_checked_in', 'Already checked in at 17:30, South gate', '2026-11-24 17:30:00') }),
      handMadeScan(2, { state: 'confirmed', verdict: { kind: 'admitted', unchecked: 'noList' }, serverResult: said('success', null) }),
      handMadeScan(3, { state: 'confirmed', direction: 'out', verdict: { kind: 'checkedOut' }, serverResult: said('success', null) }),
      handMadeScan(4, { state: 'rejected' }), // refused, but the file kept no answer: nothing to read
      handMadeScan(5, { state: 'sending', serverResult: said('not_found', 'Ticket not found') }), // sent again after a refusal: queued here
      handMadeScan(6, { state: 'sentUnconfirmed', serverResult: said('queued', 'Sent in bulk (async): Tonic does not confirm each ticket') }),
    ];
    const tablet = createEngineFixture();
    expect(await importScans(tablet.db, fileOf({ scans }), tablet.nowDate())).toMatchObject({ ok: true, added: 7, queued: 1 });
    const rows = await tablet.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => [row.state, row.serverVerdict])).toEqual([
      ['rejected', { kind: 'unknownTicket' }],
      ['rejected', { kind: 'alreadyIn', at: '2026-11-24 17:30:00', door: 'South gate' }],
      ['confirmed', { kind: 'admitted' }],
      ['confirmed', { kind: 'checkedOut' }],
      ['rejected', null],
      ['queued', null],
      ['sentUnconfirmed', null],
    ]);
  });

  it('still imports a file from before notes were exported', async () => {
    const phone = await deviceWithScans(['2148']);
    const { bookingNotes: _dropped, ...older } = await exportScans(phone.db, phone.nowDate(), 'North gate 1');
    const tablet = createEngineFixture();
    expect(await importScans(tablet.db, JSON.stringify(older), tablet.nowDate())).toMatchObject({ ok: true, added: 1, notesAdded: 0 });
  });

  it('refuses a file whose notes are not notes, changing nothing', async () => {
    const phone = await deviceWithScans(['2148']);
    const file = await exportScans(phone.db, phone.nowDate(), 'North gate 1');
    const hostile = { ...file, bookingNotes: [{ id: '01JD00000000000000000000AA', kind: 'purchaseComment', purchaseId: '../admin', ticketId: null, comments: 'x', createdAt: '', state: 'queued' }] };
    const tablet = createEngineFixture();
    const result = await importScans(tablet.db, JSON.stringify(hostile), tablet.nowDate());
    expect(result).toEqual({
      ok: false,
      message: "This file cannot be imported: booking note 1's purchaseId is not a Tonic purchase id (and 1 more problem). Nothing was changed.",
    });
    expect(await tablet.db.scans.count()).toBe(0);
    expect(await tablet.db.mutations.count()).toBe(0);
  });

  it('refuses a file that is not an export, changing nothing', async () => {
    const tablet = createEngineFixture();
    expect(await importScans(tablet.db, 'not json', tablet.nowDate())).toEqual({ ok: false, message: 'This file is not a Doorlist export (it is not JSON).' });
    const wrong = await importScans(tablet.db, JSON.stringify({ format: 'something-else', version: 1, deviceName: 'x', scans: [] }), tablet.nowDate());
    expect(!wrong.ok && wrong.message).toMatch(/not a Doorlist scans export/);
    const badRow = await importScans(tablet.db, JSON.stringify({ format: 'doorlist-scans', version: 1, deviceName: 'x', scans: [{ id: 'nope' }] }), tablet.nowDate());
    expect(badRow.ok).toBe(false);
    expect(await tablet.db.scans.count()).toBe(0);
  });

  it('writes CSV that a spreadsheet cannot be tricked by', async () => {
    const phone = await deviceWithScans(['=HYPERLINK("http://evil","x")', 'a,b\n"c"', '2148']);
    const csv = scansToCsv(await phone.db.scans.orderBy('id').toArray());
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,scannedAt,venueTime,direction,ticketId,payload,verdict,state,attempts,deviceName,input,serverResult,serverMessage,lastError');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).toContain('"a,b\n""c"""');
    expect(lines.at(-1)).toMatch(/,2148,2148,admitted,queued,0,North gate 1,camera,,,$/);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', `"'\t'=1"`],
    ['\r=1', `"'\r'=1"`],
    // A semicolon locale splits this cell at the ; (the quotes are not at its start there): the part after it is defused too.
    ['x;=HYPERLINK("http://evil")', `"x;'=HYPERLINK(""http://evil"")"`],
    [`x; "=cmd|' /C calc'!A0"`, `"x; ""'=cmd|' /C calc'!A0"""`],
    ['x\t+1', `"x\t'+1"`],
    ['x\n@SUM(A1)', `"x\n'@SUM(A1)"`],
    ['a;b', '"a;b"'],
    ['x=1, y-2', '"x=1, y-2"'],
    ['North gate 1', 'North gate 1'],
    [12, '12'],
    [null, ''],
  ])('CSV cell %j is written %j: no formula can start anywhere a spreadsheet may start a cell', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

});

/** A scan as a file made by hand or another tool might hold it: only the fields an export always has. */
const handMadeScan = (index: number, fields: Record<string, unknown> = {}) => ({
  id: `01KAAAAAAAAAAAAAAAAAAAAA${String(index).padStart(2, '0')}`,
  payload: '2148',
  ticketId: '2148',
  direction: 'in',
  scannedAt: '2026-11-24T18:00:00.000Z',
  venueTime: '2026-11-24 18:00:00',
  deviceName: 'Other door',
  source: 'doorlist',
  input: 'camera',
  verdict: { kind: 'admitted' },
  state: 'rejected',
  ...fields,
});
const fileOf = (fields: Record<string, unknown>) => JSON.stringify({ format: 'doorlist-scans', version: 1, deviceName: 'Other door', scans: [], tickets: [], ...fields });

/** Everything an answered scan, its ticket and a long booking note hold: the largest honest rows, as the exporter writes them. */
function honestRows(index: number): { scan: ScanRow; ticket: TicketRow; note: MutationRow } {
  const id = `01KAAAAAAAAAAAAAAAAA${String(index).padStart(6, '0')}`;
  const ticketId = `627e095671209038d339a182.627cb97471209027347${String(index).padStart(6, '0')}.1`;
  return {
    scan: {
      id,
      payload: ticketId,
      ticketId,
      direction: 'in',
      scannedAt: '2026-11-24T19:00:00.000Z',
      venueTime: '2026-11-24 19:00:00',
      deviceName: 'North gate 12',
      source: 'doorlist',
      input: 'camera',
      verdict: { kind: 'alreadyIn', at: '2026-11-24 18:59:00', door: 'North gate 11' },
      state: 'confirmed',
      attempts: 1,
      nextAttemptAt: 1795546800000,
      serverResult: { result: 'already_checked_in', message: 'Ticket already checked in', checkedInAt: '2026-11-24 18:59:00', checkedInDevice: 'North gate 11', receivedAt: '2026-11-24T19:00:01.000Z' },
      lastError: null,
      handledAt: null,
      importedAt: null,
    },
    ticket: { ticketId, status: 'valid', reference: 'DMN-12345-1', guestName: 'Alexandra Montgomery-Smith', checkedInAt: '2026-11-24 18:59:00', checkedInDoor: 'North gate 11', updatedAt: '2026-11-24T19:00:01.000Z', lastScanId: id },
    note: { id, kind: 'purchaseComment', purchaseId: '627e095671209038d339a182', ticketId, comments: 'Wheelchair space needed, '.repeat(8), createdAt: '2026-11-24T19:00:00.000Z', state: 'queued', attempts: 0, nextAttemptAt: 1795546800000, lastError: null },
  };
}

describe('import limits: the file is read only if it is not too big, and taken whole or not at all', () => {
  it('takes the largest honest export with room to spare: 100,000 answered scans, their tickets and 10,000 notes', async () => {
    const rows = Array.from({ length: 100_000 }, (_, index) => honestRows(index));
    const text = JSON.stringify({
      format: 'doorlist-scans',
      version: 1,
      exportedAt: '2026-11-24T23:00:00.000Z',
      deviceName: 'North gate 12',
      scans: rows.map((row) => row.scan),
      tickets: rows.map((row) => row.ticket),
      bookingNotes: rows.slice(0, 10_000).map((row) => row.note),
    });
    const bytes = Buffer.byteLength(text);
    expect(bytes).toBeGreaterThan(100_000_000); // what this export measures: 106,470,147 bytes
    expect(bytes * 1.4).toBeLessThan(MAX_IMPORT_BYTES);
    expect(importSizeProblem(bytes)).toBeNull();

    // The same rows pass the schema (three of them, imported for real).
    const tablet = createEngineFixture();
    const small = { format: 'doorlist-scans', version: 1, exportedAt: '2026-11-24T23:00:00.000Z', deviceName: 'North gate 12', scans: rows.slice(0, 3).map((row) => row.scan), tickets: rows.slice(0, 3).map((row) => row.ticket), bookingNotes: rows.slice(0, 3).map((row) => row.note) };
    expect(await importScans(tablet.db, JSON.stringify(small), tablet.nowDate())).toMatchObject({ ok: true, added: 3, notesAdded: 3 });
    expect(await tablet.db.tickets.get(rows[0]!.ticket.ticketId)).not.toHaveProperty('lastScanId');
  }, 60_000); // builds the whole 107 MB file: about 5 s here, far more on a loaded machine

  it('says a file is too big, or empty, from its size alone', async () => {
    expect(importSizeProblem(MAX_IMPORT_BYTES)).toBeNull();
    expect(importSizeProblem(MAX_IMPORT_BYTES + 1)).toBe('This file is 160 MB: too big to be a Doorlist export (the largest taken is 160 MB, over 100,000 scans). Nothing was changed.');
    expect(importSizeProblem(2_500_000_000)).toBe('This file is 2500 MB: too big to be a Doorlist export (the largest taken is 160 MB, over 100,000 scans). Nothing was changed.');
    expect(importSizeProblem(0)).toBe('This file is empty: it is not a Doorlist export. Nothing was changed.');
    const tablet = createEngineFixture();
    expect(await importScans(tablet.db, '', tablet.nowDate())).toEqual({ ok: false, message: 'This file is empty: it is not a Doorlist export. Nothing was changed.' });
  });

  it.each([
    ['a field no export has', { scans: [handMadeScan(1), handMadeScan(2), handMadeScan(3, { admin: true })] }, "scan 3 has a field this app does not know (admin)"],
    ['a field no export has, in a verdict', { scans: [handMadeScan(1, { verdict: { kind: 'admitted', html: '<b>' } })] }, "scan 1's verdict has a field this app does not know (html)"],
    ['a field no export has, at the top', { scans: [handMadeScan(1)], script: 'x' }, 'the file has a field this app does not know (script)'],
    ['a ticket id that is a number', { scans: [handMadeScan(1), handMadeScan(2, { ticketId: 2148 })] }, "scan 2's ticketId should be text, not a number"],
    ['a control character in a ticket id', { scans: [handMadeScan(1, { ticketId: '21\u000048' })] }, "scan 1's ticketId has a control character in it"],
    ['a control character in a ticket\'s id', { tickets: [{ ticketId: '2148\u001b[2J', status: 'valid', reference: null, guestName: null, checkedInAt: null, checkedInDoor: null, updatedAt: '2026-11-24T18:00:00.000Z' }] }, "ticket 1's ticketId has a control character in it"],
    ['an over-long door name', { scans: [handMadeScan(1, { deviceName: 'x'.repeat(61) })] }, "scan 1's deviceName is longer than 60 characters"],
    ['an over-long ticket id', { scans: [handMadeScan(1, { ticketId: '1'.repeat(201) })] }, "scan 1's ticketId is longer than 200 characters"],
    ['a scan time that is not a time', { scans: [handMadeScan(1, { scannedAt: 'yesterday' })] }, "scan 1's scannedAt is not a time like 2026-11-24T19:00:00.000Z"],
    ['a negative try count', { scans: [handMadeScan(1, { attempts: -1 })] }, "scan 1's attempts is below 0"],
  ])('refuses a file with %s, naming the row and field, and stores nothing of it', async (_what, fields, problem) => {
    const tablet = createEngineFixture();
    const result = await importScans(tablet.db, fileOf(fields), tablet.nowDate());
    expect(result).toEqual({ ok: false, message: `This file cannot be imported: ${problem}. Nothing was changed.` });
    expect(await tablet.db.scans.count()).toBe(0);
    expect(await tablet.db.tickets.count()).toBe(0);
    expect(await tablet.db.mutations.count()).toBe(0);
  });

  it("takes a server's over-long words cut short, not as a reason to refuse the scans they came with", async () => {
    const tablet = createEngineFixture();
    const serverResult = { result: 'r'.repeat(300), message: 'x'.repeat(5_000), checkedInAt: null, checkedInDevice: 'd'.repeat(500), receivedAt: '2026-11-24T18:00:00.000Z' };
    const scans = [handMadeScan(1, { serverResult, lastError: 'e'.repeat(10_000), verdict: { kind: 'alreadyIn', at: '2026-11-24 18:59:00', door: 'g'.repeat(300) } })];
    expect(await importScans(tablet.db, fileOf({ scans }), tablet.nowDate())).toMatchObject({ ok: true, added: 1 });
    const [row] = await tablet.db.scans.toArray();
    expect(row?.serverResult?.message).toHaveLength(2000);
    expect(row?.serverResult?.message?.endsWith('…')).toBe(true);
    expect(row?.serverResult?.result).toHaveLength(200);
    expect(row?.serverResult?.checkedInDevice).toHaveLength(200);
    expect(row?.lastError).toHaveLength(2000);
    expect(row?.verdict).toEqual({ kind: 'alreadyIn', at: '2026-11-24 18:59:00', door: `${'g'.repeat(199)}…` });
  });

  it('moves the guest list\'s verdicts between devices as they were', async () => {
    const tablet = createEngineFixture();
    const guest = { name: 'Adina Okafor', ticketType: 'Standing', reference: 'DMN-7930721728-1' };
    const verdicts = [
      { kind: 'admitted', guest, checkId: 'Over 18' },
      { kind: 'admitted', unchecked: 'staleList', listAgeMinutes: 300 },
      { kind: 'alreadyInOnList', guest },
      { kind: 'refunded', guest },
      { kind: 'otherDate', date: '2026-12-05', doorDate: '2026-11-24', guest },
      { kind: 'otherEvent' },
      { kind: 'notOnList' },
      { kind: 'noGuestList', reason: 'noList' },
      { kind: 'foundNoCode', guest },
      { kind: 'severalOnList', purchaseRef: 'DMN-7930721728', count: 3 },
    ];
    const scans = verdicts.map((verdict, index) => handMadeScan(index, { verdict, state: 'local' }));
    expect(await importScans(tablet.db, fileOf({ scans }), tablet.nowDate())).toMatchObject({ ok: true, added: verdicts.length });
    expect((await tablet.db.scans.orderBy('id').toArray()).map((row) => row.verdict)).toEqual(verdicts);
    const wrong = await importScans(tablet.db, fileOf({ scans: [handMadeScan(20, { verdict: { kind: 'noGuestList', reason: 'because' } })] }), tablet.nowDate());
    expect(wrong.ok).toBe(false);
  });

  it("takes an older version's long not-a-ticket reason and a server's odd booking reference, cut and cleaned", async () => {
    const tablet = createEngineFixture();
    const scans = [handMadeScan(1, { ticketId: null, verdict: { kind: 'notATicket', reason: `a web link (${'a'.repeat(300)}.com), not a ticket` }, state: 'local' })];
    const tickets = [{ ticketId: '2148', status: 'valid', reference: `DMN-1\u001b[2J${'9'.repeat(200)}`, guestName: null, checkedInAt: null, checkedInDoor: null, updatedAt: '2026-11-24T18:00:00.000Z' }];
    expect(await importScans(tablet.db, fileOf({ scans, tickets }), tablet.nowDate())).toMatchObject({ ok: true, added: 1 });
    const [row] = await tablet.db.scans.toArray();
    expect(row?.verdict.kind === 'notATicket' && row.verdict.reason).toHaveLength(200);
    const ticket = await tablet.db.tickets.get('2148');
    expect(ticket?.reference).toHaveLength(100);
    expect(ticket?.reference?.startsWith('DMN-1 [2J999')).toBe(true);
  });

  it('brings a scan in as handled only with a real time; a handled mark that is not a time refuses the file', async () => {
    const tablet = createEngineFixture();
    const scans = [handMadeScan(0, { handledAt: '2026-11-24T19:30:00.000Z' }), handMadeScan(1, { handledAt: null }), handMadeScan(2)];
    expect(await importScans(tablet.db, fileOf({ scans }), tablet.nowDate())).toMatchObject({ ok: true, added: 3 });
    expect((await tablet.db.scans.orderBy('id').toArray()).map((row) => row.handledAt)).toEqual(['2026-11-24T19:30:00.000Z', null, null]);
    expect(await countProblems(tablet.db)).toBe(2);
    expect(await latestProblems(tablet.db, 50)).toHaveLength(2);

    for (const handledAt of ['', 1795000000000, true, ['2026-11-24T18:00:00Z'], {}]) {
      const other = createEngineFixture();
      const result = await importScans(other.db, fileOf({ scans: [handMadeScan(0), handMadeScan(1, { handledAt })] }), other.nowDate());
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(/^This file cannot be imported: scan 2's handledAt /);
      expect(await other.db.scans.count()).toBe(0);
    }
  });

  it.each([
    [{ scans: [handMadeScan(1, { verdict: { kind: 'welcome' } })] }, "scan 1's verdict.kind is not one this app knows"],
    [{ scans: [handMadeScan(1, { payload: undefined })] }, "scan 1's payload is missing"],
    [{ scans: [handMadeScan(1, { direction: 'up' })] }, `scan 1's direction is not one of "in", "out"`],
    [{ scans: {} }, "the file's scans should be a list, not an object"],
  ])('says in plain words what is wrong: %j', async (fields, problem) => {
    const tablet = createEngineFixture();
    expect(await importScans(tablet.db, fileOf(fields), tablet.nowDate())).toEqual({ ok: false, message: `This file cannot be imported: ${problem}. Nothing was changed.` });
  });

  it('counts the problems after the first', async () => {
    const tablet = createEngineFixture();
    const result = await importScans(tablet.db, fileOf({ scans: [handMadeScan(1, { direction: 'sideways' }), handMadeScan(2, { input: 'x' }), handMadeScan(3, { state: 'x' })] }), tablet.nowDate());
    expect(!result.ok && result.message).toMatch(/^This file cannot be imported: scan 1's direction .* \(and 2 more problems\)\. Nothing was changed\.$/);
  });
});
