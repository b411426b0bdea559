import { describe, expect, it } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { feedUrlFor } from '../api/gatewayEndpoints.ts';
import { applyFeedEvents, createSseParser, parseFeedEvent, startDoorFeed } from './doorFeed.ts';
import type { DoorFeedEvent } from '../contracts/doorFeedEvent.ts';
import { readSyncStatus } from '../sync/syncStatus.ts';
import { applySetup } from '../engine/applySetup.ts';

const event = (seq: number, ticketId: string, direction: 'in' | 'out', time: string, door = 'North gate 1', result = 'success'): DoorFeedEvent => ({ seq, ticketId, direction, door, time, result });

describe('door feed', () => {
  it('is found beside a gateway\'s Tonic path only', () => {
    const at = (baseUrl: string) => feedUrlFor({ ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, baseUrl } }, 'https://doors.example');
    expect(at('https://gw.example/api/tonic')).toBe('https://gw.example/api/events');
    expect(at('/api/tonic/')).toBe('https://doors.example/api/events');
    expect(at('https://api.tonic.example/v1')).toBeNull();
    expect(at('http://127.0.0.1:8787/tonic')).toBeNull();
  });

  it('parses Server-Sent Events across chunk boundaries, skipping heartbeats', () => {
    const parse = createSseParser();
    expect(parse(': heartbeat\n\nid: 7\nevent: checkin\nda')).toEqual([]);
    expect(parse('ta: {"a":1}\r\n\r\nid: 8\nevent: checkin\ndata: x\ndata: y\n\n')).toEqual([
      { event: 'checkin', id: '7', data: '{"a":1}' },
      { event: 'checkin', id: '8', data: 'x\ny' },
    ]);
  });

  it('takes only well-formed events', () => {
    expect(parseFeedEvent(JSON.stringify(event(3, '2148', 'in', '2026-11-24 19:02:00')))).toEqual(event(3, '2148', 'in', '2026-11-24 19:02:00'));
    for (const bad of ['nope', '{}', JSON.stringify({ ...event(1, '2148', 'in', '19:02'), time: '19:02' }), JSON.stringify({ ...event(1, '', 'in', '2026-11-24 19:02:00') }), JSON.stringify({ ...event(-1, 'x', 'in', '2026-11-24 19:02:00') })]) {
      expect(parseFeedEvent(bad)).toBeNull();
    }
  });

  it('makes a ticket let in at another door "already in" here, with that door; a check-out lets it back in', async () => {
    const fixture = createEngineFixture('2026-11-24T19:05:00Z');
    await applyFeedEvents(fixture.db, [event(1, '2148', 'in', '2026-11-24 19:02:00', 'South gate')], fixture.nowDate());
    const scan = await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: '2148', input: 'camera' });
    expect(scan.ok && scan.scan.verdict).toEqual({ kind: 'alreadyIn', at: '2026-11-24 19:02:00', door: 'South gate' });

    await applyFeedEvents(fixture.db, [event(2, '2149', 'in', '2026-11-24 19:03:00'), event(3, '2149', 'out', '2026-11-24 19:04:00')], fixture.nowDate());
    const back = await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: '2149', input: 'camera' });
    expect(back.ok && back.scan.verdict.kind).toBe('admitted');
    expect((await readSyncStatus(fixture.db)).feedCursor).toBe(3);
  });

  it('ignores refused check-ins, replays, and news older than this device\'s own scan of the ticket', async () => {
    const fixture = createEngineFixture('2026-11-24T19:05:00Z');
    await applyFeedEvents(fixture.db, [event(5, '2150', 'in', '2026-11-24 19:00:00', 'South gate', 'not_found')], fixture.nowDate());
    expect(await fixture.db.tickets.get('2150')).toBeUndefined();
    await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: '2151', input: 'camera' }); // in here at 19:05
    await recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload: '2151', input: 'camera', direction: 'out' });
    await applyFeedEvents(fixture.db, [event(6, '2151', 'in', '2026-11-24 19:01:00', 'South gate')], fixture.nowDate()); // older than our check-out
    expect((await fixture.db.tickets.get('2151'))?.checkedInAt).toBeNull();
    await applyFeedEvents(fixture.db, [event(4, '2152', 'in', '2026-11-24 19:01:00')], fixture.nowDate()); // seq behind the cursor
    expect(await fixture.db.tickets.get('2152')).toBeUndefined();
    expect((await readSyncStatus(fixture.db)).feedCursor).toBe(6);
  });

  it('ignores a refused check-out, and a check-out of a ticket this device never knew', async () => {
    const fixture = createEngineFixture('2026-11-24T19:05:00Z');
    await applyFeedEvents(fixture.db, [event(1, '2148', 'in', '2026-11-24 19:02:00', 'South gate'), event(2, '2148', 'out', '2026-11-24 19:03:00', 'South gate', 'not_found')], fixture.nowDate());
    expect((await fixture.db.tickets.get('2148'))?.checkedInAt).toBe('2026-11-24 19:02:00');
    await applyFeedEvents(fixture.db, [event(3, '9999', 'out', '2026-11-24 19:03:00')], fixture.nowDate());
    expect(await fixture.db.tickets.get('9999')).toBeUndefined();
  });

  it('starts the feed afresh when a new setup points at another gateway', async () => {
    const fixture = createEngineFixture('2026-11-24T19:05:00Z');
    const viaGateway = (baseUrl: string) => ({ ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, baseUrl } });
    await applySetup(fixture.db, viaGateway('https://gw-one.example/api/tonic'), 500, fixture.nowDate());
    await applyFeedEvents(fixture.db, [event(41, '2148', 'in', '2026-11-24 19:02:00')], fixture.nowDate());
    await applySetup(fixture.db, { ...viaGateway('https://gw-one.example/api/tonic'), deviceName: 'Renamed' }, 500, fixture.nowDate());
    expect((await readSyncStatus(fixture.db)).feedCursor).toBe(41); // same gateway: carry on
    await applySetup(fixture.db, viaGateway('https://gw-two.example/api/tonic'), 500, fixture.nowDate());
    expect((await readSyncStatus(fixture.db)).feedCursor ?? null).toBeNull();
  });

  it('connects with the token in a header and the cursor, applies events, and resumes after a drop', async () => {
    const fixture = createEngineFixture('2026-11-24T19:05:00Z');
    const requests: Array<{ url: string; headers: Record<string, string> }> = [];
    const streams = [
      'id: 1\nevent: checkin\ndata: ' + JSON.stringify(event(1, '2148', 'in', '2026-11-24 19:01:00')) + '\n\n',
      ': heartbeat\n\nid: 2\nevent: checkin\ndata: ' + JSON.stringify(event(2, '2149', 'in', '2026-11-24 19:02:00')) + '\n\n',
    ];
    const timers: Array<() => void> = [];
    let drained!: () => void;
    const done = new Promise<void>((resolve) => (drained = resolve));
    const fetchImpl = async (url: string, init: RequestInit) => {
      requests.push({ url, headers: init.headers as Record<string, string> });
      const body = streams.shift();
      if (body === undefined) {
        drained();
        return new Response(null, { status: 403 });
      }
      return new Response(new Blob([body]).stream(), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    const stop = startDoorFeed(
      { db: fixture.db, fetchImpl, now: fixture.nowDate, setTimer: (callback) => timers.push(callback), clearTimer: () => {}, log: () => {} },
      'https://gw.example/api/events',
      'device-token',
    );
    while (requests.length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      timers.shift()?.();
    }
    await done;
    stop();
    expect(requests.map((request) => request.headers['last-event-id'])).toEqual(['0', '1', '2']);
    expect(requests.every((request) => request.headers.authorization === 'Bearer device-token' && !request.url.includes('token'))).toBe(true);
    expect((await fixture.db.tickets.get('2149'))?.checkedInAt).toBe('2026-11-24 19:02:00');
  });
  it('says when it is open again after failing (the network is back), not on its first connection or a clean end', async () => {
    const fixture = createEngineFixture();
    const reconnectedAt: number[] = []; // the request number each call came after
    let requests = 0;
    const ok = (body: string) => new Response(new Blob([body]).stream(), { status: 200, headers: { 'content-type': 'text/event-stream' } });
    // 1: opens and ends cleanly; 2: no connection; 3: an error reply; 4: opens (reconnected); 5: opens after a clean end; 6: refused, the end.
    const replies: Array<() => Response> = [
      () => ok(': heartbeat\n\n'),
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => new Response('bad gateway', { status: 502 }),
      () => ok(': heartbeat\n\n'),
      () => ok(': heartbeat\n\n'),
      () => new Response(null, { status: 403 }),
    ];
    const timers: Array<() => void> = [];
    let refused!: () => void;
    const done = new Promise<void>((resolve) => (refused = resolve));
    const fetchImpl = async () => {
      const reply = replies[requests]!;
      requests += 1;
      if (requests === replies.length) refused();
      return reply();
    };
    const stop = startDoorFeed(
      { db: fixture.db, fetchImpl, now: fixture.nowDate, setTimer: (callback) => timers.push(callback), clearTimer: () => {}, log: () => {}, onReconnected: () => reconnectedAt.push(requests) },
      'https://gw.example/api/events',
      'device-token',
    );
    while (requests < replies.length) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      timers.shift()?.();
    }
    await done;
    stop();
    expect(reconnectedAt).toEqual([4]);
  });
});
