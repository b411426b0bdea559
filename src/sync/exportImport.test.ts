import { describe, expect, it } from 'vitest';
import { recordScan } from '../checkin/recordScan.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { queueBookingNote } from './bookingNotes.ts';
import { csvCell, exportScans, importScans, scansToCsv } from './exportImport.ts';
import { countProblems, latestProblems } from './problems.ts';

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
    expect(!result.ok && result.message).toMatch(/bookingNotes\.0\.purchaseId is not a Tonic purchase id/);
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

  it('brings a scan in as handled only with a real time: anything else comes in unhandled, counted and listed alike', async () => {
    const handledValues: unknown[] = ['2026-11-24T19:30:00.000Z', '', 1795000000000, true, ['2026-11-24T18:00:00Z'], {}, null];
    const scans = handledValues.map((handledAt, index) => ({
      id: `01KAAAAAAAAAAAAAAAAAAAAAA${index}`,
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
      handledAt,
    }));
    const tablet = createEngineFixture();
    const result = await importScans(tablet.db, JSON.stringify({ format: 'doorlist-scans', version: 1, deviceName: 'Other door', scans, tickets: [] }), tablet.nowDate());
    expect(result).toMatchObject({ ok: true, added: 7 });
    expect((await tablet.db.scans.orderBy('id').toArray()).map((row) => row.handledAt)).toEqual(['2026-11-24T19:30:00.000Z', null, null, null, null, null, null]);
    expect(await countProblems(tablet.db)).toBe(6);
    expect(await latestProblems(tablet.db, 50)).toHaveLength(6);
  });
});
