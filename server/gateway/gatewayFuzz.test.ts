// A seeded fuzz of the gateway's routes through app.fetch: random paths, methods, headers and bodies (huge and broken
// JSON, unicode, control characters). No 5xx, no slow answer, no raw control character in a log line, nothing stored
// for a request without a live device. A failure names the seed and the request; rerun it with GATEWAY_FUZZ_SEED=<seed>.
// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EVENT_ID, SEED_TICKET_IDS } from '../demoData.ts';
import { WINDOW_COUNTS_PATH } from '../runsignupRoutes.ts';
import { createSeededRandom, type SeededRandom } from '../seededRandom.ts';
import { createFetchKit, type FetchKit } from '../testing/fetchKit.ts';
import { MAX_LOG_LINE_CHARS } from './gatewayLog.ts';

const SEED = Number(process.env.GATEWAY_FUZZ_SEED ?? 1_124_2026);
const REQUESTS = 3_000;
/**
 * Generous for a loaded machine: the slowest fuzzed answer takes a few ms here (up to about 200 ms in a GC pause with
 * Chromium running beside it); the quadratic scrubber took seconds on the long paths this sends.
 */
const ANSWER_BOUND_MS = 1_000;
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const WEIRD_TEXT = ['%0A', '%0D%0A', '%00', '%1B[31m', '%ZZ', '%', '..', '//', '\u00e9', '\u2028', '\ud83c\udf9f', '\u202e', 'a@b.co', ' ', '%20', ';', '?', '#', '&'];

function text(random: SeededRandom, maxLength: number): string {
  const pieces: string[] = [];
  const length = random.int(0, maxLength);
  while (pieces.join('').length < length) {
    const roll = random.next();
    if (roll < 0.5) pieces.push(random.hex(random.int(1, 12)));
    else if (roll < 0.8) pieces.push(random.pick(WEIRD_TEXT));
    else pieces.push(String.fromCharCode(random.int(0, 0x2ff)));
  }
  return pieces.join('').slice(0, length);
}

/** A path segment as a browser or a hand-written client might put it in a URL (encoded or not). */
function segment(random: SeededRandom): string {
  const raw = text(random, 30);
  if (random.next() < 0.5) return raw.replace(/[/?#]/g, '');
  try {
    return encodeURIComponent(raw);
  } catch {
    return raw.replace(/[/?#]/g, ''); // a lone surrogate cannot be encoded: send it raw (the URL parser replaces it)
  }
}

function path(random: SeededRandom): string {
  const roll = random.next();
  if (roll < 0.2) return random.pick(['/api/tonic/checkin/tickets', '/api/tonic/checkout/tickets']);
  if (roll < 0.3) return `/api/tonic/purchases/${random.pick([SEED_TICKET_IDS[0]?.split('.')[0] ?? '', segment(random), 'a'.repeat(random.int(60, 70))])}`;
  if (roll < 0.4) return `/api/tonic/events/${random.pick([DEMO_EVENT_ID, segment(random)])}/occurrences?item_date_from=${segment(random)}&item_date_to=2026-11-24`;
  if (roll < 0.5) return `/api/runsignup${WINDOW_COUNTS_PATH}?ticket_event_id=${random.pick(['123', segment(random)])}&ticket_ids=${Array.from({ length: random.int(0, 600) }, () => random.int(0, 99999)).join(',')}`;
  if (roll < 0.6) return `/api/events?cursor=${random.pick(['0', '5', '-1', segment(random), '9'.repeat(20)])}`;
  if (roll < 0.7) return `/api/${'x'.repeat(random.int(3_000, 30_000))}`;
  if (roll < 0.8) return `/${segment(random)}`;
  return `/api/${Array.from({ length: random.int(1, 6) }, () => segment(random)).join('/')}`;
}

function item(random: SeededRandom): unknown {
  const roll = random.next();
  if (roll < 0.1) return random.pick([null, 7, 'ticket', [], true]);
  const field = (good: unknown): unknown => (random.next() < 0.75 ? good : random.pick([null, 12, '', text(random, 200), 'x'.repeat(random.int(100, 100_000)), { nested: true }]));
  return {
    ticket_id: field(random.pick(SEED_TICKET_IDS)),
    device_name: field('Some other door'),
    time: field('2026-11-24 19:05:00'),
    source: field('doorlist'),
    ...(random.next() < 0.1 ? { [text(random, 10)]: text(random, 20) } : {}),
  };
}

function body(random: SeededRandom): string | null {
  const roll = random.next();
  if (roll < 0.15) return null;
  if (roll < 0.45) {
    const isAsync = random.pick<unknown>([true, false, 'yes', 'left out']);
    return JSON.stringify({ tickets: Array.from({ length: random.int(0, 8) }, () => item(random)), ...(isAsync === 'left out' ? {} : { async: isAsync }) });
  }
  if (roll < 0.55) return JSON.stringify({ comments: random.pick([text(random, 100), 'x'.repeat(random.int(4_000, 6_000)), 5]) });
  if (roll < 0.65) return `{"tickets": [${'{"ticket_id": "'.repeat(random.int(1, 5))}`; // broken JSON
  if (roll < 0.7) return `${'['.repeat(random.int(1_000, 50_000))}${']'.repeat(random.int(0, 10))}`; // deep nesting
  if (roll < 0.75) return `{"tickets": [{"ticket_id": "${'y'.repeat(random.int(900_000, 1_200_000))}"}]}`; // around the body limit
  if (roll < 0.85) return text(random, 2_000);
  return JSON.stringify(text(random, 500));
}

/** Header values must be ByteStrings without CR/LF (Request refuses others): printable ASCII and tabs. */
const headerValue = (random: SeededRandom, maxLength: number): string =>
  Array.from({ length: random.int(0, maxLength) }, () => (random.next() < 0.05 ? '\t' : String.fromCharCode(random.int(0x20, 0x7e)))).join('');

describe(`the gateway under seeded fuzz (seed ${SEED}; rerun with GATEWAY_FUZZ_SEED=${SEED})`, () => {
  let kit: FetchKit;
  let liveToken = '';
  let revokedToken = '';
  let liveId = 0;
  beforeAll(async () => {
    // Generous device limits so that the fuzz reaches the routes instead of stopping at the device's rate limit.
    kit = createFetchKit({ config: { limits: { ratePerSecond: 10_000, rateBurst: 100_000 } } });
    const live = await kit.gateway.addDevice('North gate 1');
    const revoked = await kit.gateway.addDevice('Old door');
    await kit.gateway.revokeDevice({ id: revoked.device.id });
    liveToken = live.token;
    liveId = live.device.id;
    revokedToken = revoked.token;
  });
  afterAll(() => kit.close());

  it(`answers ${REQUESTS} random requests without a 5xx, within ${ANSWER_BOUND_MS} ms each, logging no raw control character, storing nothing for strangers`, async () => {
    const random = createSeededRandom(SEED);
    const statuses = new Map<number, number>();
    let slowest = 0;
    let auditSeq = 0;

    for (let index = 0; index < REQUESTS; index += 1) {
      const method = random.pick(['GET', 'GET', 'POST', 'POST', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND']);
      const who = random.pick(['none', 'live', 'live', 'revoked', 'garbage', 'long'] as const);
      const headers: Record<string, string> = {};
      if (who === 'live') headers.authorization = `Bearer ${liveToken}`;
      if (who === 'revoked') headers[random.pick(['authorization', 'x-rsu-api-secret'])] = random.pick([`Bearer ${revokedToken}`, revokedToken]);
      if (who === 'garbage') headers.authorization = headerValue(random, 80);
      if (who === 'long') headers.authorization = `Bearer ${'t'.repeat(random.int(1_000, 8_000))}`;
      if (random.next() < 0.5) headers['content-type'] = random.pick(['application/json', 'text/plain', 'application/csp-report', headerValue(random, 40)]);
      if (random.next() < 0.2) headers['last-event-id'] = headerValue(random, 30);
      if (random.next() < 0.2) headers[`x-${random.hex(6)}`] = headerValue(random, 200);
      const target = path(random);
      const payload = method === 'GET' || method === 'HEAD' ? null : body(random);
      const address = `203.0.113.${random.int(1, 60)}`;
      const describeRequest = () => `seed ${SEED}, request ${index}: ${method} ${target.slice(0, 120)} as ${who} from ${address}, body ${payload === null ? 'none' : JSON.stringify(payload.slice(0, 80))}`;

      const before = { movements: await kit.gateway.store.latestSeq(), logLines: kit.logLines.length };
      const startedAt = performance.now();
      const response = await kit.send(target, { method, headers, body: payload, address });
      if (response.headers.get('content-type')?.includes('text/event-stream')) await response.body?.cancel();
      else await response.text();
      const ms = performance.now() - startedAt;
      slowest = Math.max(slowest, ms);

      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);

      expect(response.status, describeRequest()).toBeLessThan(500);
      expect(ms, describeRequest()).toBeLessThan(ANSWER_BOUND_MS);
      for (const { line } of kit.logLines.slice(before.logLines)) {
        expect(line, describeRequest()).not.toMatch(RAW_CONTROL);
        expect(line.length, describeRequest()).toBeLessThan(MAX_LOG_LINE_CHARS + 40);
      }
      const audited = await kit.gateway.store.auditLog(auditSeq);
      auditSeq = audited.at(-1)?.seq ?? auditSeq;
      if (who !== 'live' && who !== 'revoked') {
        expect(audited, describeRequest()).toEqual([]);
        expect(await kit.gateway.store.latestSeq(), describeRequest()).toBe(before.movements);
      }
    }
    // No event stream was left open by a HEAD or a cancelled GET.
    expect(kit.gateway.feed.openStreams(liveId)).toBe(0);
    // The fuzz reached past the front door: refusals, validation, forwarding and successes all happened.
    for (const status of [200, 400, 401, 403, 404, 413, 414, 429]) expect(statuses.get(status) ?? 0, `status ${status} (seed ${SEED})`).toBeGreaterThan(0);
    console.log(`gateway fuzz, seed ${SEED}: ${REQUESTS} requests, slowest ${slowest.toFixed(1)} ms, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  }, 120_000);
});
