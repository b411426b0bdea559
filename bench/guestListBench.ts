// The guest list at 100,000 tickets, end to end on this machine: a real gateway (SQLite) serving GET /api/guestlist to the
// app's own download code in headless Chromium (IndexedDB on disk), then the door's decision and Find a guest with the
// list loaded, each against its baseline in the same run. Writes bench/results/guestlist.{json,md}.
// Alone: `npx tsx bench/guestListBench.ts`; or from `npm run bench` (bench/run.ts, `--only=guestlist`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { get as httpGet } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { toVenueTime } from '../src/api/venueTime.ts';
import type { GuestListEntry } from '../src/model/guestListEntry.ts';
import { parseSetupFragment, type SetupConfig } from '../src/contracts/setupLink.ts';
import { DEMO_EVENT_ID } from '../server/demoData.ts';
import { startGatewayOnEmulator, type GatewayOnEmulator } from '../server/testing/gatewayOnEmulator.ts';
import { VENUE_TIME_ZONE } from '../server/venueTime.ts';
import { CHROMIUM_ARGS } from '../e2e/support/chromium.ts';
import type { DecideResult, DoorlistGuestListBenchApi, DownloadResult, SearchResult } from './harness/guestListProtocol.ts';
import { assertChromium, CHROMIUM_PATH } from './browser.ts';
import { buildHarness, HARNESS_DIST } from './build.ts';
import { machineDescription, median, ms, percentile, ratio, count, round, type BenchResultFile, type Figure, type Figures } from './figures.ts';

export const LIST_TICKETS = 100_000;
const KNOWN_TICKETS = 100_000;
const FIRST_DOWNLOADS = 3;
const DELTAS = 5;
const DELTA_SIZE = 1_000;
const DECIDE_SAMPLES = 300;
const DECIDE_WARM_UP = 20;
const SEARCH_REPETITIONS = 10;
const SEARCH_WARM_UP = 2;
/** The aims issue 12 set (README, Performance: Guest list). */
export const AIMS = { firstDownloadS: 3 } as const;

const MIDDLE = '627cb97471209027347177dc';
const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));
const QUERIES = ['nakamura', 'jo sm', 'm', 'DMN-10000250', 'zoë', 'qqq zzz'];
const FIRST = ['Amara', 'Ben', 'Chloé', 'Dev', 'Ella', 'Farid', 'Grace', 'Hugo', 'Isla', 'Jonah', 'Joan', 'John', 'José', 'Kavya', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wes', 'Xena', 'Yusuf', 'Zoë', 'Aled'];
const LAST = ['Adeyemi', 'Brennan', 'Carter', 'Dubois', 'Evans', 'Fischer', 'García', 'Hughes', 'Iqbal', 'Jones', 'Kowalski', 'Lewis', 'Morgan', 'Nakamura', 'Okafor', 'Patel', 'Quigley', 'Rossi', 'Singh', 'Smith', 'Usman', 'Varga', 'Walsh', 'Xu', 'Young', "O'Neill", 'Murphy', 'Khan', 'Müller', 'Ørsted'];

const purchaseIdOf = (n: number) => `6c00000000000000${Math.floor(n / 2).toString(16).padStart(8, '0')}`;
const ticketRefOf = (n: number) => (n % 2) + 1;
/** The code a guest's ticket carries: the list's entry n. */
export const codeOf = (n: number) => `${purchaseIdOf(n)}.${MIDDLE}.${ticketRefOf(n)}`;

/**
 * A big event's list: two tickets a booking, names from 30 × 30 lists (some accented), one in 97 refunded. `renamed`:
 * entry n's name carries the delta round that last renamed it.
 */
export function benchEntries(occurrence: string, renamed: ReadonlyMap<number, number> = new Map()): GuestListEntry[] {
  return Array.from({ length: LIST_TICKETS }, (_, n) => ({
    key: `${purchaseIdOf(n)}.${ticketRefOf(n)}`,
    occurrence,
    purchaseId: purchaseIdOf(n),
    ticketRef: ticketRefOf(n),
    code: null,
    ticketObjectId: null,
    purchaseRef: `DMN-${1_000_000_000 + Math.floor(n / 2)}`,
    reference: `DMN-${1_000_000_000 + Math.floor(n / 2)}-${ticketRefOf(n)}`,
    guestName: `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}${renamed.has(n) ? ` ${renamed.get(n)}` : ''}`,
    ticketType: n % 10 === 0 ? 'VIP' : 'General admission',
    itemId: DEMO_EVENT_ID,
    subTypeId: MIDDLE,
    refunded: n % 97 === 0,
    checkedIn: false,
  }));
}

export interface GuestListBenchResult {
  figures: Figures;
  firstDownloads: DownloadResult[];
  deltas: DownloadResult[];
  withoutList: DecideResult;
  withList: DecideResult;
  search: SearchResult;
  browserVersion: string;
  plainBytes: number;
  gzipBytes: number;
}

/** The page's API, called through page.evaluate (each call's argument is copied into the page). */
function pageApi(page: Page): DoorlistGuestListBenchApi {
  return {
    fillTickets: (spec) => page.evaluate((arg) => window.doorlistGuestListBench!.fillTickets(arg), spec),
    download: (spec) => page.evaluate((arg) => window.doorlistGuestListBench!.download(arg), spec),
    decideAndWrite: (spec) => page.evaluate((arg) => window.doorlistGuestListBench!.decideAndWrite(arg), spec),
    search: (spec) => page.evaluate((arg) => window.doorlistGuestListBench!.search(arg), spec),
    deleteDatabase: (name) => page.evaluate((arg) => window.doorlistGuestListBench!.deleteDatabase(arg), name),
  };
}

async function enrolConfig(gateway: GatewayOnEmulator, name: string): Promise<{ config: SetupConfig; token: string }> {
  const enrolled = await gateway.gateway.gateway.addDevice(name);
  const link = gateway.gateway.gateway.setupLink(gateway.gateway.url, enrolled);
  const parsed = parseSetupFragment(new URL(link).hash);
  if (!parsed.ok) throw new Error(`the gateway's setup link did not parse: ${parsed.message}`);
  return { config: parsed.config, token: parsed.config.tonic.token };
}

/** The bytes a device receives for the whole list, plain and gzipped (browsers ask for gzip). Node's fetch would unzip. */
async function downloadSizes(origin: string, token: string): Promise<{ plain: number; gzip: number }> {
  const bodyOf = (encoding: string) =>
    new Promise<Buffer>((resolve, reject) => {
      const request = httpGet(`${origin}/api/guestlist?since=0`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': encoding } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET /api/guestlist answered ${response.statusCode}`))));
        response.on('error', reject);
      });
      request.on('error', reject);
    });
  const gzipped = await bodyOf('gzip');
  const plain = await bodyOf('identity');
  if (gzipped[0] !== 0x1f || gzipped[1] !== 0x8b) throw new Error('the gateway did not gzip the list for a client that asked');
  if (gunzipSync(gzipped).length !== plain.length) throw new Error('the gzipped and plain lists differ');
  return { plain: plain.length, gzip: gzipped.length };
}

/** `harnessBuilt`: bench/run.ts has built bench/.dist/harness already. */
export async function runGuestListBench(harnessBuilt = false): Promise<GuestListBenchResult> {
  assertChromium();
  if (!harnessBuilt) await buildHarness();
  const gateway = await startGatewayOnEmulator({ distDir: HARNESS_DIST });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const occurrence = toVenueTime(new Date(), VENUE_TIME_ZONE).slice(0, 10);
    const store = gateway.gateway.gateway.store;
    const seedStarted = performance.now();
    await store.replaceGuestList({ eventId: DEMO_EVENT_ID, occurrence, source: 'file', entries: benchEntries(occurrence), at: new Date().toISOString() });
    console.log(`  gateway: ${LIST_TICKETS.toLocaleString('en')} tickets stored in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    const page: Page = await (await browser.newContext()).newPage();
    await page.goto(`${gateway.gateway.url}/guestList.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const browserVersion = browser.version();
    const api = pageApi(page);

    // First downloads: a fresh device each time (the gateway allows each device a few list requests a minute).
    const firstDownloads: DownloadResult[] = [];
    for (let round = 0; round < FIRST_DOWNLOADS; round += 1) {
      const { config } = await enrolConfig(gateway, `Bench door ${round + 1}`);
      await api.deleteDatabase(`bench-gl-first-${round}`);
      const result = await api.download({ dbName: `bench-gl-first-${round}`, config, occurrence });
      if (result.stored !== LIST_TICKETS) throw new Error(`first download stored ${result.stored} of ${LIST_TICKETS} tickets (${result.outcome})`);
      console.log(`  first download ${round + 1}: ${(result.ms / 1000).toFixed(2)} s (${result.outcome})`);
      firstDownloads.push(result);
      if (round > 0) await api.deleteDatabase(`bench-gl-first-${round}`);
    }
    const { config: decideConfig, token } = await enrolConfig(gateway, 'Bench door decide');
    const sizes = await downloadSizes(gateway.gateway.url, token);

    // Deltas of 1,000 changed tickets, onto the first device's list.
    const deltaDevice = await enrolConfig(gateway, 'Bench door deltas');
    await api.deleteDatabase('bench-gl-delta');
    await api.download({ dbName: 'bench-gl-delta', config: deltaDevice.config, occurrence });
    const deltas: DownloadResult[] = [];
    // Renames accumulate: each round's list keeps the earlier rounds' names, so exactly DELTA_SIZE entries change.
    const renamed = new Map<number, number>();
    for (let round = 0; round < DELTAS; round += 1) {
      for (let index = 0; index < DELTA_SIZE; index += 1) renamed.set((round * 7_919 + index * 97) % LIST_TICKETS, round + 1);
      const replaced = await store.replaceGuestList({ eventId: DEMO_EVENT_ID, occurrence, source: 'file', entries: benchEntries(occurrence, renamed), at: new Date().toISOString() });
      if (replaced.changed !== DELTA_SIZE) throw new Error(`delta ${round + 1}: the gateway changed ${replaced.changed} tickets, not ${DELTA_SIZE}`);
      const result = await api.download({ dbName: 'bench-gl-delta', config: deltaDevice.config, occurrence });
      if (result.stored !== LIST_TICKETS || result.version !== replaced.version) throw new Error(`delta ${round + 1}: stored ${result.stored} at version ${result.version} (${result.outcome})`);
      console.log(`  delta of ${DELTA_SIZE}: ${result.ms.toFixed(0)} ms`);
      deltas.push(result);
    }
    await api.deleteDatabase('bench-gl-delta');

    // Decide and write: the same device state (100,000 tickets known) without a list, then with the list downloaded.
    // Codes spread over the list, never scanned before; the baseline scans other codes of the same shape.
    const stride = 7_919;
    const codes = (offset: number) => Array.from({ length: DECIDE_WARM_UP + DECIDE_SAMPLES }, (_, index) => codeOf((offset + index * stride) % LIST_TICKETS)).filter((_, index) => ((offset + index * stride) % LIST_TICKETS) % 97 !== 0);
    await api.deleteDatabase('bench-gl-decide');
    await api.fillTickets({ dbName: 'bench-gl-decide', count: KNOWN_TICKETS });
    const withoutList = await api.decideAndWrite({ dbName: 'bench-gl-decide', config: decideConfig, codes: codes(1), warmUp: DECIDE_WARM_UP });
    await api.download({ dbName: 'bench-gl-decide', config: decideConfig, occurrence });
    const withList = await api.decideAndWrite({ dbName: 'bench-gl-decide', config: decideConfig, codes: codes(2), warmUp: DECIDE_WARM_UP });
    console.log(`  decide and write p95: ${percentile(withoutList.samples, 0.95).toFixed(2)} ms without a list (${JSON.stringify(withoutList.verdicts)}), ${percentile(withList.samples, 0.95).toFixed(2)} ms with ${LIST_TICKETS.toLocaleString('en')} on it (${JSON.stringify(withList.verdicts)})`);
    const namedAdmissions = withList.verdicts['admitted+name'] ?? 0;
    if (namedAdmissions !== withList.samples.length) throw new Error(`with the list, ${namedAdmissions} of ${withList.samples.length} scans were admitted by name`);

    // Find a guest over the whole list (and the 100,000 known tickets).
    const search = await api.search({ dbName: 'bench-gl-first-0', queries: QUERIES, repetitions: SEARCH_REPETITIONS, warmUp: SEARCH_WARM_UP });
    console.log(`  search p95 over the list: ${percentile(search.samples, 0.95).toFixed(2)} ms (found ${search.found.join(', ')})`);
    if ((search.found[0] ?? 0) === 0) throw new Error('Find a guest found nobody named Nakamura on the list');
    await api.deleteDatabase('bench-gl-first-0');
    await api.deleteDatabase('bench-gl-decide');

    const seconds = (value: number): Figure => ({ value: round(value, 3), unit: 's' });
    const firstS = median(firstDownloads.map((result) => result.ms)) / 1000;
    const figures: Figures = {
      guestlist_first_download_100k_s: seconds(firstS),
      guestlist_first_download_100k_aim_s: seconds(AIMS.firstDownloadS),
      guestlist_delta_1k_ms: ms(median(deltas.map((result) => result.ms))),
      guestlist_download_bytes_100k: count(sizes.plain),
      guestlist_download_bytes_100k_gzip: count(sizes.gzip),
      decide_and_write_p95_ms_with_list_100k: ms(percentile(withList.samples, 0.95)),
      decide_and_write_median_ms_with_list_100k: ms(median(withList.samples)),
      decide_and_write_p95_ms_without_list: ms(percentile(withoutList.samples, 0.95)),
      decide_and_write_median_ms_without_list: ms(median(withoutList.samples)),
      decide_and_write_p95_ratio_list_vs_none: ratio(percentile(withList.samples, 0.95) / percentile(withoutList.samples, 0.95)),
      search_p95_ms_list_100k: ms(percentile(search.samples, 0.95)),
      search_median_ms_list_100k: ms(median(search.samples)),
    };
    return { figures, firstDownloads, deltas, withoutList, withList, search, browserVersion, plainBytes: sizes.plain, gzipBytes: sizes.gzip };
  } finally {
    await browser.close();
    await gateway.close();
  }
}

function renderMarkdown(result: GuestListBenchResult, file: BenchResultFile): string {
  const value = (name: string) => file.figures[name]?.value ?? Number.NaN;
  const rows: Array<[string, string]> = [
    ['first download of 100,000 tickets, gateway to IndexedDB (median of 3)', `${value('guestlist_first_download_100k_s')} s (aim under ${AIMS.firstDownloadS} s; runs: ${result.firstDownloads.map((run) => (run.ms / 1000).toFixed(2)).join(', ')} s)`],
    ['bytes on the wire for the whole list', `${(result.gzipBytes / 1e6).toFixed(2)} MB gzipped (${(result.plainBytes / 1e6).toFixed(1)} MB plain)`],
    ['a delta of 1,000 changed tickets (median of 5)', `${value('guestlist_delta_1k_ms')} ms (runs: ${result.deltas.map((run) => run.ms.toFixed(0)).join(', ')} ms)`],
    ['decide and write one scan, 100,000 tickets known, no list: median / p95', `${value('decide_and_write_median_ms_without_list')} / ${value('decide_and_write_p95_ms_without_list')} ms`],
    ['the same with a 100,000-ticket list: median / p95', `${value('decide_and_write_median_ms_with_list_100k')} / ${value('decide_and_write_p95_ms_with_list_100k')} ms (p95 ratio ${value('decide_and_write_p95_ratio_list_vs_none')})`],
    ['Find a guest over the list and 100,000 known tickets: median / p95', `${value('search_median_ms_list_100k')} / ${value('search_p95_ms_list_100k')} ms (${QUERIES.length} queries × ${SEARCH_REPETITIONS})`],
  ];
  return [
    '# Guest list benchmark',
    '',
    `${file.date} · ${file.machine} · Chromium ${result.browserVersion}. A real gateway (SQLite) on the same machine serves the`,
    'list to the app\'s own download code in headless Chromium; IndexedDB on disk with strict durability.',
    '',
    '| figure | value |',
    '| --- | --- |',
    ...rows.map(([name, text]) => `| ${name} | ${text} |`),
    '',
    `Verdicts of the timed scans without a list: ${JSON.stringify(result.withoutList.verdicts)}; with it: ${JSON.stringify(result.withList.verdicts)}.`,
    '',
  ].join('\n');
}

export function writeGuestListResults(folder: string, result: GuestListBenchResult): BenchResultFile {
  const file: BenchResultFile = { name: 'guestlist', machine: machineDescription(), date: new Date().toISOString(), figures: result.figures };
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'guestlist.json'), `${JSON.stringify(file, null, 2)}\n`);
  writeFileSync(join(folder, 'guestlist.md'), renderMarkdown(result, file));
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`guest list (${LIST_TICKETS.toLocaleString('en')} tickets)`);
  runGuestListBench().then(
    (result) => {
      const file = writeGuestListResults(RESULTS_DIR, result);
      console.log(`Wrote ${RESULTS_DIR}/guestlist.{json,md}.\n${renderMarkdown(result, file)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`bench guestlist: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
