// The demo server's movable clock (POST /__control/clock): end-to-end tests pick the day they run on.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DEMO_EVENT_ID } from './demoData.ts';
import { SettableClock } from './settableClock.ts';
import { getJson, TEST_NOW, TONIC_HEADERS, useTestServer } from './testing/testServer.ts';
import { addDays, venueDate } from './venueTime.ts';

const server = useTestServer();
const CHOSEN = '2027-07-17T17:20:00Z'; // 18:20 in London, summer time

async function occurrenceDates(from: string, to: string): Promise<string[]> {
  const reply = await getJson(`${server.url}/tonic/events/${DEMO_EVENT_ID}/occurrences?item_date_from=${from}&item_date_to=${to}`, { headers: TONIC_HEADERS });
  expect(reply.status).toBe(200);
  return (reply.body as { data: { occurrence_date: string }[] }).data.map((entry) => entry.occurrence_date);
}

const setClock = (now: string | null) =>
  fetch(`${server.url}/__control/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now }) });

describe('SettableClock', () => {
  it('reads the base clock until set, then runs on from the instant it was set to', () => {
    let base = Date.parse('2026-11-24T18:30:00Z');
    const clock = new SettableClock(() => new Date(base));
    expect(clock.now().toISOString()).toBe('2026-11-24T18:30:00.000Z');
    clock.set(new Date(CHOSEN));
    base += 5_000;
    expect(clock.now().toISOString()).toBe('2027-07-17T17:20:05.000Z');
    clock.set(null);
    expect(clock.now().toISOString()).toBe('2026-11-24T18:30:05.000Z');
  });
});

describe('POST /__control/clock', () => {
  it("moves the emulator's day (its occurrences follow), and a reset moves it back", async () => {
    const moved = await setClock(CHOSEN);
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({ now: '2027-07-17T17:20:00.000Z' });
    expect(await occurrenceDates('2027-07-01', '2027-07-31')).toEqual(['2027-07-17', '2027-07-18']);
    const reply = await fetch(`${server.url}/tonic/events/${DEMO_EVENT_ID}/occurrences?item_date_from=2027-07-17&item_date_to=2027-07-17`, { headers: TONIC_HEADERS });
    expect(Date.parse(reply.headers.get('date') ?? '')).toBeGreaterThanOrEqual(Date.parse(CHOSEN)); // the pre-doors clock check reads it
    expect(Date.parse(reply.headers.get('date') ?? '')).toBeLessThan(Date.parse(CHOSEN) + 60_000);
    expect(await occurrenceDates(venueDate(TEST_NOW), addDays(venueDate(TEST_NOW), 1))).toEqual([]);

    await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    expect(await occurrenceDates(venueDate(TEST_NOW), addDays(venueDate(TEST_NOW), 1))).toEqual([venueDate(TEST_NOW), addDays(venueDate(TEST_NOW), 1)]);
  });

  it.each([['not a date', { now: 'tomorrow' }], ['a number', { now: 1 }], ['another field', { now: null, speed: 2 }]])('refuses %s with 400 and changes nothing', async (_name, body) => {
    const reply = await fetch(`${server.url}/__control/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(reply.status).toBe(400);
    expect(await occurrenceDates(venueDate(TEST_NOW), venueDate(TEST_NOW))).toEqual([venueDate(TEST_NOW)]);
  });
});
