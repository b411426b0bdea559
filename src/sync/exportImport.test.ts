import { describe, expect, it } from 'vitest';
import { recordScan } from '../checkin/recordScan.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { exportScans, importScans, scansToCsv } from './exportImport.ts';

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
    await phone.db.scans.where('ticketId').equals('2149').modify({ state: 'sending', batchId: 'x', leaseUntil: 1 });
    const file = JSON.stringify(await exportScans(phone.db, phone.nowDate(), 'North gate 1'));

    const tablet = createEngineFixture('2026-11-24T20:00:00Z');
    const result = await importScans(tablet.db, file, tablet.nowDate());
    expect(result).toEqual({ ok: true, added: 3, queued: 2, alreadyHere: 0, from: 'North gate 1' });
    const rows = await tablet.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => [row.ticketId, row.state, row.deviceName, row.venueTime])).toEqual([
      ['2148', 'queued', 'North gate 1', '2026-11-24 19:00:00'],
      ['2149', 'queued', 'North gate 1', '2026-11-24 19:00:01'],
      [null, 'local', 'North gate 1', '2026-11-24 19:00:02'],
    ]);
    expect(rows[1]).toMatchObject({ batchId: null, leaseUntil: null, attempts: 0 });

    const again = await importScans(tablet.db, file, tablet.nowDate());
    expect(again).toMatchObject({ ok: true, added: 0, alreadyHere: 3 });
    expect(await tablet.db.scans.count()).toBe(3);
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
});
