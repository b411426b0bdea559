// The app's API clients against the real demo backend, started in-process: real HTTP, real parsing, real failures.
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../server/testing/testServer.ts';
import { createRunSignupClient } from './runsignupClient.ts';
import { createTonicClient } from './tonicClient.ts';

const SEED_1 = '627e095671209038d339a182.627cb97471209027347177dc.1';
const SEED_2 = '627e095671209038d339a182.627cb97471209027347177dc.2';
const item = (ticket_id: string, device_name = 'North gate 1', time = '2026-11-24 19:02:00') => ({ ticket_id, device_name, time, source: 'doorlist' });

describe('API clients against the emulator', () => {
  const server = useTestServer();
  const fetchImpl = (input: string, init: RequestInit) => fetch(input, init);
  const control = (path: string, body: unknown) =>
    fetch(`${server.url}/__control${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const tonic = () => createTonicClient({ baseUrl: `${server.url}/tonic`, token: 'demo-token' }, fetchImpl);
  const runsignup = (apiSecret = 'demo-rsu-secret') =>
    createRunSignupClient({ baseUrl: `${server.url}/runsignup`, ticketEventId: 123, apiKey: 'demo-rsu-key', apiSecret }, fetchImpl);

  it('checks in and gets one entry per ticket, in order, with the guest', async () => {
    const reply = await tonic().checkIn([item(SEED_2), item('2148')]);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.value.map((entry) => entry.result)).toEqual(['success', 'success']);
    expect(reply.value[0]?.ticket?.guest_name).toBe('Adina Macovei');
    expect(reply.value[0]?.ticket?.checked_in?.date).toBe('2026-11-24 19:02:00.000000');
  });

  it('hears "already checked in" with the first door and time', async () => {
    await tonic().checkIn([item(SEED_1, 'South gate', '2026-11-24 18:40:00')]);
    const reply = await tonic().checkIn([item(SEED_1)]);
    expect(reply.ok && reply.value[0]).toMatchObject({ result: 'already_checked_in', ticket: { check_in_device_name: 'South gate', checked_in: { date: '2026-11-24 18:40:00.000000' } } });
  });

  it('maps a wrong token to auth, an all-unknown batch to notFound, a bad time to badRequest', async () => {
    const wrong = await createTonicClient({ baseUrl: `${server.url}/tonic`, token: 'nope' }, fetchImpl).checkIn([item(SEED_1)]);
    expect(!wrong.ok && wrong.error.kind).toBe('auth');
    const unknown = await tonic().checkIn([item('999999999')]);
    expect(!unknown.ok && unknown.error.kind).toBe('notFound');
    const bad = await tonic().checkIn([item(SEED_1, 'North gate 1', 'yesterday')]);
    expect(!bad.ok && bad.error).toMatchObject({ kind: 'badRequest', status: 400 });
    expect(!bad.ok && bad.error.message).toContain('time');
  });

  it('maps forced faults to retryable kinds: 503, 429 with Retry-After, captive portal, dropped reply', async () => {
    await control('/faults', { failNext: { status: 503, count: 1, path: '/tonic/checkin' } });
    const down = await tonic().checkIn([item(SEED_1)]);
    expect(!down.ok && down.error.kind).toBe('server');

    await control('/faults', { failNext: { status: 429, count: 1, path: '/tonic/checkin', retryAfterSeconds: 7 } });
    const slow = await tonic().checkIn([item(SEED_1)]);
    expect(!slow.ok && slow.error).toMatchObject({ kind: 'rateLimited', retryAfterMs: 7000 });

    await control('/faults', { malformedNext: { count: 1, path: '/tonic/checkin' } });
    const portal = await tonic().checkIn([item(SEED_1)]);
    expect(!portal.ok && portal.error.kind).toBe('malformed');

    await control('/faults', { dropNext: { count: 1, path: '/tonic/checkin', afterProcessing: true } });
    const dropped = await tonic().checkIn([item(SEED_1)]);
    expect(!dropped.ok && dropped.error.kind).toBe('network');
    // the lost reply's check-in did arrive: a resend comes back as our own earlier check-in
    const resend = await tonic().checkIn([item(SEED_1)]);
    expect(resend.ok && resend.value[0]).toMatchObject({ result: 'already_checked_in', ticket: { check_in_device_name: 'North gate 1', checked_in: { date: '2026-11-24 19:02:00.000000' } } });
  });

  it('checks out, then a re-entry checks in again; an all-unknown check-out is notFound', async () => {
    await tonic().checkIn([item(SEED_1)]);
    const out = await tonic().checkOut([item(SEED_1, 'North gate 1', '2026-11-24 21:00:00')]);
    expect(out.ok && out.value).toEqual([expect.objectContaining({ reference: 'DMN-7930721728-176', checked_in: null })]);
    const back = await tonic().checkIn([item(SEED_1, 'North gate 1', '2026-11-24 21:30:00')]);
    expect(back.ok && back.value[0]?.result).toBe('success');
    const unknown = await tonic().checkOut([item('999999999')]);
    expect(!unknown.ok && unknown.error.kind).toBe('notFound');
  });

  it('queues a batch with async: true; the server processes it after the reply', async () => {
    const reply = await tonic().queue('in', [item(SEED_1), item('2148')]);
    expect(reply).toEqual({ ok: true, value: null });
    await expect.poll(async () => ((await (await fetch(`${server.url}/__control/checkins`)).json()) as { checkins: { ticket_id: string; async: boolean }[] }).checkins.map((entry) => [entry.ticket_id, entry.async])).toEqual([
      [SEED_1, true],
      ['2148', true],
    ]);
  });

  it('adds a note to a booking, and says notFound for a booking that does not exist', async () => {
    expect(await tonic().updatePurchase('627e095671209038d339a182', 'Needs step-free access')).toEqual({ ok: true, value: null });
    const unknown = await tonic().updatePurchase('000000000000000000000000', 'x');
    expect(!unknown.ok && unknown.error.kind).toBe('notFound');
  });

  it('reads event occurrences, and says notFound for an unknown event', async () => {
    const reply = await tonic().occurrences('60001c4569308525d873cbd7', '2026-11-23', '2026-12-01');
    expect(reply.ok && reply.value.map((occurrence) => occurrence.occurrence_date)).toEqual(['2026-11-24', '2026-11-25']);
    expect(reply.ok && reply.value[0]).toMatchObject({ max_total_tickets: expect.any(Number), total_sales_tickets: expect.any(Number) });
    const unknown = await tonic().occurrences('000000000000000000000000', '2026-11-23', '2026-12-01');
    expect(!unknown.ok && unknown.error.kind).toBe('notFound');
  });

  it('reads RunSignup window counts that rise with Tonic check-ins, secret in a header', async () => {
    const before = await runsignup().windowCounts(['2148', '2149']);
    expect(before.ok && [...before.value]).toEqual([['2148', 0], ['2149', 0]]);
    await tonic().checkIn([item('2148')]);
    const after = await runsignup().windowCounts(['2148', '2149']);
    expect(after.ok && after.value.get('2148')).toBe(1);
    const refused = await runsignup('wrong-secret').windowCounts(['2148']);
    expect(!refused.ok && refused.error.kind).toBe('auth');
  });

  it('asks for many ids in chunks that keep the URL short', async () => {
    const ids = Array.from({ length: 250 }, (_, index) => String(2148 + index));
    const reply = await runsignup().windowCounts(ids);
    expect(reply.ok && reply.value.size).toBe(250);
    const requests = (await (await fetch(`${server.url}/__control/requests`)).json()) as { requests: { path: string }[] };
    const countCalls = requests.requests.filter((request) => request.path.includes('get-ticket-window-checked-in-counts'));
    expect(countCalls).toHaveLength(3);
  });
});
