// Tests of fault injection: forced errors with Retry-After, dropped connections, captive-portal replies, latency.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SEED_TICKET_IDS } from './demoData.ts';
import { takeFault, takeHold, type FaultSettings } from './faults.ts';
import { checkInReplySchema, checkinsLogSchema, errorReplySchema, requestsLogSchema } from './testing/replySchemas.ts';
import { getJson, useTestServer, ticketItems, TONIC_HEADERS } from './testing/testServer.ts';

const server = useTestServer();

const setFaults = (faults: unknown) =>
  getJson(`${server.url}/__control/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
const checkInSeed = (time = '2026-11-24 19:00:00') =>
  fetch(`${server.url}/tonic/checkin/tickets`, {
    method: 'POST',
    headers: TONIC_HEADERS,
    body: JSON.stringify({ tickets: ticketItems([{ ticket_id: SEED_TICKET_IDS[0], time }]) }),
  });
/** The client-side view of a dropped connection: fetch fails because the socket closed, not for any other reason. */
async function expectConnectionDropped(request: Promise<Response>): Promise<void> {
  const failure: unknown = await request.then(
    () => new Error('the request got a reply'),
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(TypeError);
  expect(String(failure instanceof Error ? failure.cause : failure)).toMatch(/other side closed|ECONNRESET|socket hang up/);
}
const checkinLog = async () => checkinsLogSchema.parse((await getJson(`${server.url}/__control/checkins`)).body).checkins;
const requestLog = async () => requestsLogSchema.parse((await getJson(`${server.url}/__control/requests`)).body).requests;

describe('takeFault', () => {
  it('prefers drop, then fail, then malformed, and consumes one count per request', () => {
    const settings: FaultSettings = {
      failNext: { status: 503, count: 1 },
      dropNext: { count: 1, path: '/tonic/checkin' },
      malformedNext: { count: 1 },
    };
    const first = takeFault(settings, '/tonic/checkin/tickets');
    expect(first.fault).toEqual({ kind: 'drop', afterProcessing: false });
    const second = takeFault(first.remaining, '/tonic/checkin/tickets');
    expect(second.fault).toEqual({ kind: 'fail', status: 503 });
    const third = takeFault(second.remaining, '/tonic/checkin/tickets');
    expect(third.fault).toEqual({ kind: 'malformed' });
    expect(takeFault(third.remaining, '/tonic/checkin/tickets').fault).toEqual({ kind: 'none' });
  });

  it('leaves requests outside the path prefix alone', () => {
    const settings: FaultSettings = { failNext: { status: 500, count: 3, path: '/runsignup' } };
    const result = takeFault(settings, '/tonic/checkin/tickets');
    expect(result.fault.kind).toBe('none');
    expect(result.remaining.failNext?.count).toBe(3);
  });
});

describe('failNext', () => {
  it('answers the forced status with Retry-After (readable cross-origin) and does not process the request', async () => {
    await setFaults({ failNext: { status: 503, count: 2, path: '/tonic/checkin', retryAfterSeconds: 7 } });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await checkInSeed();
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      errorReplySchema.parse(await response.json());
    }
    expect(await checkinLog()).toEqual([]);
    expect((await checkInSeed()).status).toBe(200);
    expect((await requestLog()).map((entry) => entry.status)).toEqual([503, 503, 200]);
  });

  it('sends a given body as is, and spares paths outside the prefix and non-API routes', async () => {
    await setFaults({ failNext: { status: 429, count: 1, path: '/tonic/checkin', body: 'Slow down' } });
    expect((await fetch(`${server.url}/demo/tickets`)).status).toBe(200);
    const occurrences = await fetch(`${server.url}/tonic/events/x/occurrences`, { headers: TONIC_HEADERS });
    expect(occurrences.status).toBe(404);
    const response = await checkInSeed();
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('Slow down');
  });

  it('applies to RunSignup too', async () => {
    await setFaults({ failNext: { status: 500, count: 1, path: '/runsignup' } });
    const response = await fetch(`${server.url}/runsignup/v2/tickets/checkin/get-ticket-window-checked-in-counts.json`);
    expect(response.status).toBe(500);
  });
});

describe('dropNext', () => {
  it('before processing: the client sees a dropped connection and nothing is checked in', async () => {
    await setFaults({ dropNext: { count: 1, path: '/tonic/checkin' } });
    await expectConnectionDropped(checkInSeed());
    expect(await checkinLog()).toEqual([]);
    const retry = await checkInSeed();
    expect(checkInReplySchema.parse(await retry.json()).check_ins[0]?.[0]?.result).toBe('success');
    expect((await requestLog()).map((entry) => entry.status)).toEqual([null, 200]);
  });

  it('after processing: the check-in happened but the reply was lost, so the retry finds it already in', async () => {
    await setFaults({ dropNext: { count: 1, afterProcessing: true } });
    await expectConnectionDropped(checkInSeed('2026-11-24 19:00:00'));
    expect((await checkinLog()).map((entry) => entry.result)).toEqual(['success']);
    const retry = await checkInSeed('2026-11-24 19:00:00');
    expect(checkInReplySchema.parse(await retry.json()).check_ins[0]?.[0]).toMatchObject({
      result: 'already_checked_in',
      ticket: { checked_in: { date: '2026-11-24 19:00:00.000000' } },
    });
  });
});

describe('malformedNext', () => {
  it('answers 200 with a captive-portal HTML page instead of JSON', async () => {
    await setFaults({ malformedNext: { count: 1, path: '/tonic' } });
    const response = await checkInSeed();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toBe('<html>captive portal</html>');
    expect(await checkinLog()).toEqual([]);
  });
});

describe('hold', () => {
  it('lets `after` matching requests through, then holds each later one; other paths pass', () => {
    const settings: FaultSettings = { hold: { after: 1, path: '/tonic/checkin' } };
    expect(takeHold(settings, '/runsignup/rest/v2/window-counts')).toEqual({ held: false, remaining: settings });
    const first = takeHold(settings, '/tonic/checkin/tickets');
    expect(first).toEqual({ held: false, remaining: { hold: { after: 0, path: '/tonic/checkin' } } });
    expect(takeHold(first.remaining, '/tonic/checkin/tickets')).toEqual({ held: true, remaining: first.remaining });
  });

  it('keeps a held check-in unanswered and unrecorded until it is released, then answers it', async () => {
    await setFaults({ hold: { after: 1, path: '/tonic/checkin' } });
    expect((await checkInSeed()).status).toBe(200);
    let answered = false;
    const held = checkInSeed('2026-11-24 19:01:00').then((response) => ((answered = true), response));
    await expect.poll(async () => (await requestLog()).length).toBe(2);
    expect((await requestLog())[1]).toMatchObject({ path: '/tonic/checkin/tickets', status: null });
    expect((await checkinLog()).map((entry) => entry.time)).toEqual(['2026-11-24 19:00:00']);
    expect(answered).toBe(false);

    expect((await getJson(`${server.url}/__control/faults/release`, { method: 'POST' })).body).toEqual({ released: 1 });
    expect((await held).status).toBe(200);
    expect((await checkinLog()).map((entry) => entry.time)).toEqual(['2026-11-24 19:00:00', '2026-11-24 19:01:00']);
    expect((await getJson(`${server.url}/__control/faults`)).body).toEqual({ faults: { hold: { after: 0, path: '/tonic/checkin' } } });
  });

  it.each([
    ['clearing the faults', () => fetch(`${server.url}/__control/faults`, { method: 'DELETE' })],
    ['a reset', () => fetch(`${server.url}/__control/reset`, { method: 'POST' })],
  ])('lets every held request go at %s, and holds no more', async (_name, lift) => {
    await setFaults({ hold: { after: 0 } });
    const held = checkInSeed();
    await expect.poll(async () => (await requestLog()).length).toBe(1);
    await lift();
    expect((await held).status).toBe(200);
    expect((await checkInSeed('2026-11-24 19:02:00')).status).toBe(200);
  });
});

describe('latency and settings', () => {
  it('delays API replies by latencyMs until the faults are cleared', async () => {
    await setFaults({ latencyMs: 200 });
    const started = performance.now();
    expect((await checkInSeed()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    await fetch(`${server.url}/__control/faults`, { method: 'DELETE' });
    expect((await getJson(`${server.url}/__control/faults`)).body).toEqual({ faults: {} });
  });

  it('merges settings key by key', async () => {
    await setFaults({ failNext: { status: 502, count: 1 } });
    const merged = await setFaults({ latencyMs: 10 });
    expect(merged.body).toEqual({ faults: { failNext: { status: 502, count: 1 }, latencyMs: 10 } });
  });

  it.each([
    [{ failNext: { status: 200, count: 1 } }, /^failNext\.status/],
    [{ dropNext: { count: 0 } }, /^dropNext\.count/],
    [{ failNext: { status: 500, count: 1, path: 'tonic' } }, /^failNext\.path must start with \//],
    [{ slowly: true }, /./],
    [{ hold: { after: -1 } }, /^hold\.after must be 0 or more/],
  ])('refuses %j with 400', async (faults, message) => {
    const reply = await setFaults(faults);
    expect(reply.status).toBe(400);
    expect(errorReplySchema.parse(reply.body).error).toMatch(message);
  });

  it('reset clears faults and logs', async () => {
    await setFaults({ failNext: { status: 500, count: 5 } });
    await checkInSeed();
    await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    expect(await requestLog()).toEqual([]);
    expect((await checkInSeed()).status).toBe(200);
  });
});
