import { afterEach, describe, expect, it } from 'vitest';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { buildSetupLink } from '../contracts/setupLink.ts';
import { recordScan } from './recordScan.ts';

const SEED_ID = '627e095671209038d339a182.627cb97471209027347177dc.2';

describe('recordScan', () => {
  const fixture = createEngineFixture();
  const deps = { db: fixture.db, now: fixture.nowDate, newId: fixture.newId };
  afterEach(async () => {
    await fixture.db.scans.clear();
    await fixture.db.tickets.clear();
  });

  it('admits an unseen ticket (in amber: no guest list here) and queues it with the venue time, in one write', async () => {
    const result = await recordScan(deps, TEST_CONFIG, { payload: ` ${SEED_ID}\n`, input: 'camera' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scan.verdict).toEqual({ kind: 'admitted', unchecked: 'noList' });
    expect(result.scan.state).toBe('queued');
    expect(result.scan.venueTime).toBe('2026-11-24 19:00:00');
    expect(await fixture.db.scans.count()).toBe(1);
    expect((await fixture.db.tickets.get(SEED_ID))?.checkedInAt).toBe('2026-11-24 19:00:00');
  });

  it('says "already in" the second time and does not queue it again', async () => {
    await recordScan(deps, TEST_CONFIG, { payload: SEED_ID, input: 'camera' });
    fixture.advance(90_000);
    const second = await recordScan(deps, TEST_CONFIG, { payload: SEED_ID, input: 'camera' });
    expect(second.ok && second.scan.verdict).toEqual({ kind: 'alreadyIn', at: '2026-11-24 19:00:00', door: 'North gate 1' });
    expect(second.ok && second.scan.state).toBe('local');
    expect(await fixture.db.scans.where('state').equals('queued').count()).toBe(1);
  });

  it('keeps a non-ticket as history with the reason, never queued', async () => {
    const result = await recordScan(deps, TEST_CONFIG, { payload: 'https://example.com/menu', input: 'camera' });
    expect(result.ok && result.scan.verdict).toEqual({ kind: 'notATicket', reason: 'a web link (example.com), not a ticket' });
    expect(result.ok && result.scan.state).toBe('local');
  });

  it('never keeps a setup code (it carries credentials) in the history', async () => {
    const link = buildSetupLink('https://doors.example', { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, token: 'secret-tonic-token' } });
    const result = await recordScan(deps, TEST_CONFIG, { payload: link, input: 'camera' });
    expect(result.ok && result.scan.verdict.kind).toBe('notATicket');
    const stored = await fixture.db.scans.toArray();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('secret-tonic-token');
    expect(JSON.stringify(stored)).not.toContain('#config=');
  });

  it('finds a typed booking reference among known tickets', async () => {
    await fixture.db.tickets.put({ ticketId: SEED_ID, status: 'valid', reference: 'DMN-7930721728-176', guestName: 'Adina', checkedInAt: null, checkedInDoor: null, updatedAt: '' });
    const result = await recordScan(deps, TEST_CONFIG, { payload: 'dmn-7930721728-176', input: 'manual' });
    expect(result.ok && result.scan.ticketId).toBe(SEED_ID);
    expect(result.ok && result.scan.verdict.kind).toBe('admitted');
  });

  it('refuses tickets the server called unknown or cancelled', async () => {
    await fixture.db.tickets.bulkPut([
      { ticketId: '2148', status: 'unknown', reference: null, guestName: null, checkedInAt: null, checkedInDoor: null, updatedAt: '' },
      { ticketId: '2149', status: 'cancelled', reference: null, guestName: null, checkedInAt: null, checkedInDoor: null, updatedAt: '' },
    ]);
    const unknown = await recordScan(deps, TEST_CONFIG, { payload: '2148', input: 'camera' });
    const cancelled = await recordScan(deps, TEST_CONFIG, { payload: '2149', input: 'camera' });
    expect(unknown.ok && unknown.scan.verdict.kind).toBe('unknownTicket');
    expect(cancelled.ok && cancelled.scan.verdict.kind).toBe('cancelled');
  });

  it('keeps a link with a broken percent-escape as not a ticket instead of failing', async () => {
    const result = await recordScan(deps, TEST_CONFIG, { payload: 'https://example.com/%E0%A4%A', input: 'camera' });
    expect(result.ok && result.scan.verdict.kind).toBe('notATicket');
  });

  it('reports a failed write as NOT saved instead of admitting', async () => {
    const broken = { ...deps, newId: () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); } };
    const result = await recordScan(broken, TEST_CONFIG, { payload: SEED_ID, input: 'camera' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/NOT saved.*out of storage/);
    expect(await fixture.db.scans.count()).toBe(0);
    expect(await fixture.db.tickets.count()).toBe(0);
  });
});
