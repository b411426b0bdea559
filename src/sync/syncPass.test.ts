import { beforeEach, describe, expect, it } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import type { TonicClient } from '../api/tonicClient.ts';
import { applySetup } from '../engine/applySetup.ts';
import { createEngineFixture, failWith, scriptedTonic, successFor, TEST_CONFIG, type TonicScript } from '../testing/engineFixture.ts';
import { BASE_BACKOFF_MS, MAX_BACKOFF_MS, NETWORK_MAX_BACKOFF_MS } from './backoff.ts';
import { readSyncStatus } from './syncStatus.ts';
import { LEASE_MS } from '../outbox/outbox.ts';
import { runSyncPass } from './syncPass.ts';
import { apiError } from '../api/apiError.ts';

const ids = ['627e095671209038d339a182.627cb97471209027347177dc.1', '627e095671209038d339a182.627cb97471209027347177dc.2', '2148', '2149'];

describe('runSyncPass', () => {
  let fixture = createEngineFixture();
  beforeEach(() => {
    fixture = createEngineFixture();
  });

  async function scan(payloads: string[]) {
    for (const payload of payloads) {
      await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'camera' });
      fixture.advance(1_000);
    }
  }

  const pass = (script: TonicScript, batchSize = 50) => {
    const tonic = scriptedTonic(script);
    const run = () =>
      runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize, setupVersion: null, holdsSyncLock: false, log: () => {} });
    return { tonic, run };
  };

  const states = async () => (await fixture.db.scans.orderBy('id').toArray()).map((row) => row.state);

  it('sends queued scans with scan time, device and source, and confirms each', async () => {
    await scan(ids.slice(0, 3));
    const { tonic, run } = pass((items) => ({ ok: true, value: items.map(successFor) }));
    const report = await run();
    expect(report).toMatchObject({ sent: 3, confirmed: 3, rejected: 0, error: null, nextDueAt: null });
    expect(tonic.calls[0]).toEqual([
      { ticket_id: ids[0], device_name: 'North gate 1', time: '2026-11-24 19:00:00', source: 'doorlist' },
      { ticket_id: ids[1], device_name: 'North gate 1', time: '2026-11-24 19:00:01', source: 'doorlist' },
      { ticket_id: ids[2], device_name: 'North gate 1', time: '2026-11-24 19:00:02', source: 'doorlist' },
    ]);
    expect(await states()).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect((await run()).sent).toBe(0);
  });

  it('batches by batch size, oldest first', async () => {
    await scan(ids);
    const { tonic, run } = pass((items) => ({ ok: true, value: items.map(successFor) }), 3);
    await run();
    expect(tonic.calls.map((call) => call.map((item) => item.ticket_id))).toEqual([ids.slice(0, 3), ids.slice(3)]);
  });

  it('keeps scans queued on a network error and retries after a jittered backoff', async () => {
    await scan(ids.slice(0, 2));
    const down = pass(() => failWith('network', 'No connection'));
    const report = await down.run();
    expect(report.error?.kind).toBe('network');
    expect(await states()).toEqual(['queued', 'queued']);
    const rows = await fixture.db.scans.toArray();
    expect(rows.every((row) => row.attempts === 1 && row.lastError === 'No connection')).toBe(true);
    expect(report.nextDueAt).not.toBeNull();
    expect(report.nextDueAt! - fixture.now()).toBeLessThan(BASE_BACKOFF_MS);
    expect((await down.run()).sent).toBe(0); // not due yet: no hammering

    fixture.advance(BASE_BACKOFF_MS);
    const up = pass((items) => ({ ok: true, value: items.map(successFor) }));
    expect((await up.run()).confirmed).toBe(2);
  });

  /** Fails `times` passes in a row with `kind`, each as soon as the rows are due; the wait the last failure set. */
  async function failRepeatedly(kind: 'network' | 'timeout' | 'server', times: number): Promise<number> {
    const down = pass(() => failWith(kind, `down (${kind})`));
    let wait = 0;
    for (let i = 0; i < times; i += 1) {
      const report = await down.run();
      expect(report.error?.kind).toBe(kind);
      wait = report.nextDueAt! - fixture.now();
      fixture.advance(Math.max(0, wait));
    }
    expect(down.tonic.calls).toHaveLength(times); // every pass tried (no pass found its rows not due)
    return wait;
  }

  it('after a long run of network errors or timeouts, waits at most about 10 s: the scans leave soon after the network returns', async () => {
    for (const kind of ['network', 'timeout'] as const) {
      fixture = createEngineFixture();
      await scan(ids.slice(0, 2));
      const waits: number[] = [];
      for (let i = 0; i < 15; i += 1) waits.push(await failRepeatedly(kind, 1));
      expect(Math.max(...waits)).toBeLessThanOrEqual(NETWORK_MAX_BACKOFF_MS);
      expect((await fixture.db.scans.toArray()).every((row) => row.attempts === 15 && row.state === 'queued')).toBe(true);
    }
  });

  it('after a long run of server errors, keeps the long backoff (there is a server to spare)', async () => {
    await scan(ids.slice(0, 1));
    const waits: number[] = [];
    for (let i = 0; i < 15; i += 1) waits.push(await failRepeatedly('server', 1));
    expect(Math.max(...waits)).toBeGreaterThan(NETWORK_MAX_BACKOFF_MS);
    expect(Math.max(...waits)).toBeLessThanOrEqual(MAX_BACKOFF_MS);
  });

  it('records when and how the last send failed, and clears it on the next success', async () => {
    await scan(ids.slice(0, 1));
    expect((await readSyncStatus(fixture.db)).lastFailure ?? null).toBeNull();
    const failedAt = fixture.now();
    await pass(() => failWith('timeout', 'No answer in time')).run();
    expect((await readSyncStatus(fixture.db)).lastFailure).toEqual({ at: failedAt, kind: 'timeout' });

    fixture.advance(NETWORK_MAX_BACKOFF_MS);
    await pass(() => failWith('server', 'Bad gateway')).run();
    expect((await readSyncStatus(fixture.db)).lastFailure).toEqual({ at: failedAt + NETWORK_MAX_BACKOFF_MS, kind: 'server' });

    fixture.advance(MAX_BACKOFF_MS);
    expect((await pass((items) => ({ ok: true, value: items.map(successFor) })).run()).confirmed).toBe(1);
    const status = await readSyncStatus(fixture.db);
    expect(status.lastFailure).toBeNull();
    expect(status.lastError).toBeNull();
  });

  it('waits at least Retry-After on 429', async () => {
    await scan(ids.slice(0, 1));
    const report = await pass(() => failWith('rateLimited', 'slow down', 30_000)).run();
    expect(report.nextDueAt! - fixture.now()).toBeGreaterThanOrEqual(30_000);
  });

  it('retries a failed batch as one (one due time for all its rows), and holds the whole device for Retry-After', async () => {
    await scan(ids.slice(0, 3));
    const limited = pass(() => failWith('rateLimited', 'slow down', 2_000));
    await limited.run();
    const due = new Set((await fixture.db.scans.toArray()).map((row) => row.nextAttemptAt));
    expect(due.size).toBe(1);
    expect([...due][0]! - fixture.now()).toBeGreaterThanOrEqual(2_000);

    // A scan made meanwhile, due at once by its own clock, still waits for the server's Retry-After.
    await scan(['2150']);
    const later = pass((items) => ({ ok: true, value: items.map(successFor) }));
    expect((await later.run()).sent).toBe(0);
    expect(later.tonic.calls).toHaveLength(0);
    fixture.advance(2_000);
    const report = await later.run();
    expect(report.confirmed).toBe(4);
    expect(later.tonic.calls).toHaveLength(1);
  });

  it('async policy: a backlog above the threshold goes with async, rows end sent-unconfirmed, never confirmed', async () => {
    await scan(ids);
    const tonic = scriptedTonic((items) => ({ ok: true, value: items.map(successFor) }));
    const run = (asyncAboveBacklog: number | null) =>
      runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, asyncAboveBacklog, log: () => {} });
    const report = await run(3);
    expect(report).toMatchObject({ sent: 4, unconfirmed: 4, confirmed: 0, error: null });
    expect(tonic.queued).toHaveLength(1);
    expect(await states()).toEqual(['sentUnconfirmed', 'sentUnconfirmed', 'sentUnconfirmed', 'sentUnconfirmed']);
    expect((await fixture.db.scans.toArray()).map((row) => row.serverVerdict)).toEqual([null, null, null, null]); // no answer per ticket
    expect((await fixture.db.tickets.get('2148'))?.guestName ?? null).toBeNull(); // nothing learned from a queued send

    await scan(['2150']); // a live scan with the backlog gone: answered per ticket again
    const live = await run(3);
    expect(live).toMatchObject({ confirmed: 1, unconfirmed: 0 });
  });

  it('pauses on refused credentials, keeps every scan, and burns no attempt', async () => {
    await scan(ids.slice(0, 2));
    const refused = pass(() => failWith('auth', 'Credentials refused (401)'));
    const report = await refused.run();
    expect(report.paused).toBe(true);
    expect(await states()).toEqual(['queued', 'queued']);
    expect((await fixture.db.scans.toArray()).every((row) => row.attempts === 0)).toBe(true);
    expect((await fixture.db.syncStatus.get('sync'))?.pause?.message).toBe('Credentials refused (401)');
    const again = await refused.run();
    expect(again.sent).toBe(0);
    expect(refused.tonic.calls).toHaveLength(1);
  });

  it('on a gateway\'s "device revoked", wipes the credentials, keeps every scan, and says to export', async () => {
    await applySetup(fixture.db, { ...TEST_CONFIG, runsignup: { baseUrl: 'http://rsu.test', ticketEventId: 1, apiKey: 'doorlist-gateway', apiSecret: 'device-token' } }, 50, fixture.nowDate());
    const setupVersion = (await fixture.db.settings.get('device'))!.configuredAt;
    await scan(ids.slice(0, 2));
    const tonic = scriptedTonic(() => ({ ok: false, error: { ...apiError('auth', 'Credentials refused (403): this device was revoked', 403), code: 'device_revoked' } }));
    const report = await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion, holdsSyncLock: false, log: () => {} });
    expect(report.paused).toBe(true);
    const settings = await fixture.db.settings.get('device');
    expect(settings?.config.tonic.token).toBe('');
    expect(settings?.config.runsignup?.apiSecret).toBe('');
    expect(settings?.config.deviceName).toBe(TEST_CONFIG.deviceName);
    expect((await fixture.db.syncStatus.get('sync'))?.pause).toMatchObject({ kind: 'revoked', message: expect.stringMatching(/withdrawn by the organiser.*export them in Activity/) });
    expect(await states()).toEqual(['queued', 'queued']);
    // A plain 401 is not a revocation: the credentials stay for the organiser to replace.
    await applySetup(fixture.db, TEST_CONFIG, 50, fixture.nowDate());
    const refused = scriptedTonic(() => failWith('auth', 'Credentials refused (401)'));
    const version = (await fixture.db.settings.get('device'))!.configuredAt;
    await runSyncPass({ db: fixture.db, tonic: refused, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: version, holdsSyncLock: false, log: () => {} });
    expect((await fixture.db.settings.get('device'))?.config.tonic.token).toBe(TEST_CONFIG.tonic.token);
    expect((await fixture.db.syncStatus.get('sync'))?.pause?.kind).toBe('auth');
  });

  it('bisects a 400 until the bad row stands alone, fails it with the words, sends the rest', async () => {
    await scan(ids);
    const { tonic, run } = pass((items) =>
      items.some((item) => item.ticket_id === '2148') ? failWith('badRequest', 'Request refused (400): tickets[0].time bad') : { ok: true, value: items.map(successFor) },
    );
    const report = await run();
    expect(report).toMatchObject({ confirmed: 3, failed: 1, error: null });
    const rows = await fixture.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => row.state)).toEqual(['confirmed', 'confirmed', 'failed', 'confirmed']);
    expect(rows[2]?.lastError).toContain('tickets[0].time bad');
    expect(tonic.calls.length).toBeLessThanOrEqual(5);
  });

  it('rejects a ticket the API answers 404 for as unknown and remembers it', async () => {
    await scan(['2148']);
    await pass(() => failWith('notFound', 'Not found (404)')).run();
    expect(await states()).toEqual(['rejected']);
    expect((await fixture.db.scans.toArray())[0]?.serverVerdict).toEqual({ kind: 'unknownTicket' });
    expect((await fixture.db.tickets.get('2148'))?.status).toBe('unknown');
  });

  it('bisects a 404 batch so the valid tickets in it still go through and stay valid', async () => {
    await scan(['2148', '2149']);
    const script: TonicScript = (items) => (items.some((item) => item.ticket_id === '2148') ? failWith('notFound', 'Not found (404)') : { ok: true, value: items.map(successFor) });
    await pass(script).run();
    const rows = await fixture.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => [row.ticketId, row.state])).toEqual([['2148', 'rejected'], ['2149', 'confirmed']]);
    expect((await fixture.db.tickets.get('2149'))?.status).toBe('valid');
  });

  it('bisects a reply with too few entries; a lone row answered with none is retried, never left sending', async () => {
    await scan(ids.slice(0, 3));
    const script: TonicScript = (items) => ({ ok: true, value: items.filter((item) => item.ticket_id !== ids[1]).map(successFor) });
    const report = await pass(script).run();
    expect(report.confirmed).toBe(2);
    const rows = await fixture.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => row.state)).toEqual(['confirmed', 'queued', 'confirmed']);
    expect(rows[1]).toMatchObject({ attempts: 1, lastError: 'The server answered for 0 of 1 tickets' });
    expect(rows[1]!.nextAttemptAt).toBeGreaterThanOrEqual(fixture.now());
  });

  it('does not let a late 401 for the old token pause a setup applied meanwhile', async () => {
    await scan(['2148']);
    const tonic: TonicClient = {
      async checkIn() {
        await applySetup(fixture.db, { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, token: 'new' } }, 50, fixture.nowDate());
        return failWith('auth', 'Credentials refused (401)');
      },
      checkOut: async () => failWith('auth', 'not expected here'),
      occurrences: async () => failWith('auth', 'not expected here'),
      queue: async () => failWith('auth', 'not expected here'),
      updatePurchase: async () => failWith('auth', 'not expected here'),
    };
    await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
    expect((await fixture.db.syncStatus.get('sync'))?.pause ?? null).toBeNull();
    expect(await states()).toEqual(['queued']);
  });

  it('reconciles per ticket: elsewhere-already-in is a conflict, our own lost-reply resend is confirmed', async () => {
    await scan(ids.slice(0, 3));
    const { run } = pass((items) => ({
      ok: true,
      value: [
        { _id: 'x', result: 'already_checked_in', ticket: { checked_in: { date: '2026-11-24 18:30:00.000000' }, check_in_device_name: 'South gate' } },
        { _id: 'y', result: 'already_checked_in', ticket: { checked_in: { date: `${items[1]!.time}.000000` }, check_in_device_name: 'North gate 1' } },
        { _id: null, result: 'mystery_state', message: null },
      ],
    }));
    const report = await run();
    expect(report).toMatchObject({ confirmed: 1, rejected: 2 });
    const rows = await fixture.db.scans.orderBy('id').toArray();
    expect(rows.map((row) => row.state)).toEqual(['rejected', 'confirmed', 'rejected']);
    expect(rows[0]?.serverResult?.message).toBe('Already checked in at 18:30, South gate');
    expect(rows[2]?.serverResult?.message).toBe('Server answered "mystery_state"');
    // The same answers as verdicts, stored in the write that settled the rows: what the screens show.
    expect(rows.map((row) => row.serverVerdict)).toEqual([
      { kind: 'alreadyIn', at: '2026-11-24 18:30:00', door: 'South gate' },
      { kind: 'admitted' }, // admitted in amber here (no guest list), then confirmed by the ticket office
      { kind: 'refusedByServer', message: 'Server answered "mystery_state"' },
    ]);
    expect((await fixture.db.tickets.get(ids[0]!))?.checkedInDoor).toBe('South gate');
  });

  it('sends check-ins and check-outs to their own endpoints, in the order they happened', async () => {
    const record = (payload: string, direction: 'in' | 'out') =>
      recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'camera', direction });
    await record('2148', 'in');
    fixture.advance(1_000);
    await record('2149', 'in');
    fixture.advance(1_000);
    const out = await record('2148', 'out');
    expect(out.ok && out.scan.verdict).toEqual({ kind: 'checkedOut' });
    fixture.advance(1_000);
    const back = await record('2148', 'in'); // re-entry after check-out
    expect(back.ok && back.scan.verdict).toEqual({ kind: 'admitted', unchecked: 'noList' });
    const { tonic, run } = pass((items) => ({ ok: true, value: items.map(successFor) }));
    const report = await run();
    expect(report.confirmed).toBe(4);
    expect(tonic.calls.map((call) => call.map((item) => item.ticket_id))).toEqual([['2148', '2149'], ['2148']]);
    expect(tonic.outCalls.map((call) => call.map((item) => item.ticket_id))).toEqual([['2148']]);
    expect(tonic.outCalls[0]?.[0]?.time).toBe('2026-11-24 19:00:02');
  });

  it('rejects a check-out of an unknown ticket and keeps the words', async () => {
    await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: '2150', input: 'manual', direction: 'out' });
    const tonic = scriptedTonic(() => failWith('network'), () => ({ ok: true, value: [{ _id: null, result: 'not_found', message: 'Ticket not found' }] }));
    await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: false, log: () => {} });
    const [row] = await fixture.db.scans.toArray();
    expect(row).toMatchObject({ state: 'rejected', serverResult: { result: 'not_found', message: 'Ticket not found' }, serverVerdict: { kind: 'unknownTicket' } });
  });

  /** As a sender that died mid-batch leaves it: a lease on every queued scan, the scans still queued. */
  async function leaseEverything(batchId: string) {
    const rows = await fixture.db.scans.orderBy('id').toArray();
    await fixture.db.leases.put({ batchId, scans: rows.map(({ id, ticketId }) => ({ id, ticketId })), leaseUntil: fixture.now() + LEASE_MS });
  }

  it('returns rows of a dead sender to the queue once their lease has expired', async () => {
    await scan(ids.slice(0, 1));
    await leaseEverything('dead');
    const { run } = pass((items) => ({ ok: true, value: items.map(successFor) }));
    const held = await run();
    expect(held.sent).toBe(0);
    expect(held.nextDueAt).toBe(fixture.now() + LEASE_MS); // wakes when the lease runs out, not before
    fixture.advance(LEASE_MS + 1);
    expect((await run()).confirmed).toBe(1);
    expect(await fixture.db.leases.count()).toBe(0);
  });

  it('under the sync lock, takes back a killed sender\'s rows at once, lease or not', async () => {
    await scan(ids.slice(0, 1));
    await leaseEverything('killed-tab');
    const tonic = scriptedTonic((items) => ({ ok: true, value: items.map(successFor) }));
    const report = await runSyncPass({ db: fixture.db, tonic, now: fixture.now, random: fixture.random, newBatchId: fixture.newId, batchSize: 50, setupVersion: null, holdsSyncLock: true, log: () => {} });
    expect(report.confirmed).toBe(1);
  });

  it('treats a malformed success as retryable and loses nothing', async () => {
    await scan(ids.slice(0, 2));
    await pass(() => failWith('malformed', 'The reply was not JSON')).run();
    expect(await states()).toEqual(['queued', 'queued']);
  });
});

describe('makeQueueDue', () => {
  it('makes rows that backed off while offline due at once, leaving other states alone', async () => {
    const fixture = createEngineFixture();
    for (const payload of ids) await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'camera' });
    await fixture.db.scans.toCollection().modify((row) => {
      row.nextAttemptAt = fixture.now() + 300_000;
    });
    await fixture.db.scans.where('ticketId').equals('2149').modify({ state: 'confirmed' });
    const { makeQueueDue } = await import('../outbox/makeQueueDue.ts');
    expect(await makeQueueDue(fixture.db, fixture.now())).toBe(3);
    const due = await fixture.db.scans.where('[state+nextAttemptAt]').between(['queued', 0], ['queued', fixture.now()], true, true).count();
    expect(due).toBe(3);
    expect((await fixture.db.scans.where('ticketId').equals('2149').first())?.nextAttemptAt).toBe(fixture.now() + 300_000);
  });
});
