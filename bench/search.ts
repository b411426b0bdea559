// Find a guest with 100,000 known tickets, in headless Chromium (IndexedDB on disk): the indexed search against a plain filter() scan.
// Alone: `npx tsx bench/search.ts` (writes bench/results/search.{json,md}); or `runSearchBench()` from bench/run.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import type DexieClass from 'dexie';
import { build, type Plugin } from 'vite';
import type { searchGuests as SearchGuests, parseGuestQuery as ParseGuestQuery } from '../src/door/searchGuests.ts';
import type { DoorlistDatabase as DoorlistDatabaseClass } from '../src/db/database.ts';
import type { ticketSearchWords as TicketSearchWords } from '../src/db/ticketSearchWords.ts';
import { CHROMIUM_ARGS } from '../e2e/support/chromium.ts';
import { assertChromium, CHROMIUM_PATH } from './browser.ts';
import { machineDescription, median, ms, percentile, type BenchResultFile, type Figures } from './figures.ts';
import { serveStatic } from './staticServer.ts';

export const KNOWN_TICKETS = 100_000;
const REPETITIONS = 15;
const WARM_UP = 3;
/** A keystroke's search must answer well inside a frame or two: the screen searches as the steward types. */
export const SEARCH_TARGET_MS = 50;

export const PAGE_DIST = fileURLToPath(new URL('./.dist/search', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url));
const src = (path: string) => fileURLToPath(new URL(`../src/${path}`, import.meta.url));
const ENTRY = 'virtual:doorlist-search-bench';

/** What the page puts on `window` for the evaluate calls below. */
interface SearchBenchPage {
  Dexie: typeof DexieClass;
  DoorlistDatabase: typeof DoorlistDatabaseClass;
  searchGuests: typeof SearchGuests;
  parseGuestQuery: typeof ParseGuestQuery;
  ticketSearchWords: typeof TicketSearchWords;
}
declare global {
  interface Window {
    doorlistSearchBench?: SearchBenchPage;
  }
}

/** What a steward types, from the common to the worst cases (one letter, two short words, nothing matching). */
export const QUERIES = [
  { name: 'surname', text: 'nakamura' },
  { name: 'two_prefixes', text: 'jo sm' },
  { name: 'two_common_few_both', text: 'ja zh' },
  { name: 'accented', text: 'zoë' },
  { name: 'one_letter', text: 'm' },
  { name: 'reference_dashes', text: 'DMN-10000250' },
  { name: 'reference_full', text: 'DMN-1000025000-1' },
  { name: 'reference_no_dashes', text: 'dmn10000250001' },
  { name: 'ticket_id', text: '627e0956' },
  { name: 'no_match', text: 'qqq zzz' },
] as const;

/** A JS entry with no HTML: the page below loads it, and it puts the app's own search and database on `window`. */
function searchEntryPlugin(): Plugin {
  return {
    name: 'doorlist-search-bench-entry',
    resolveId: (id) => (id === ENTRY ? `\0${ENTRY}` : null),
    load: (id) =>
      id === `\0${ENTRY}`
        ? [
            "import Dexie from 'dexie';",
            `import { DoorlistDatabase } from ${JSON.stringify(src('db/database.ts'))};`,
            `import { searchGuests, parseGuestQuery } from ${JSON.stringify(src('door/searchGuests.ts'))};`,
            `import { ticketSearchWords } from ${JSON.stringify(src('db/ticketSearchWords.ts'))};`,
            'window.doorlistSearchBench = { Dexie, DoorlistDatabase, searchGuests, parseGuestQuery, ticketSearchWords };',
            "document.body.dataset.ready = 'true';",
          ].join('\n')
        : null,
  };
}

export async function buildPage(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [searchEntryPlugin()],
    build: {
      outDir: PAGE_DIST,
      emptyOutDir: true,
      target: 'es2022',
      rolldownOptions: { input: { search: ENTRY }, output: { entryFileNames: '[name].js' } },
    },
  });
  writeFileSync(join(PAGE_DIST, 'index.html'), '<!doctype html><meta charset="utf-8"><title>search bench</title><body><script type="module" src="./search.js"></script></body>\n');
}

/** 100,000 tickets like a big event's: Tonic and numeric ids, references, names from 60 × 60 lists, some accented. */
export function fill(page: Page, dbName: string, count: number): Promise<number> {
  return page.evaluate(
    async ({ dbName, count }) => {
      const bench = window.doorlistSearchBench!;
      const first = ['Amara', 'Ben', 'Chloé', 'Dev', 'Ella', 'Farid', 'Grace', 'Hugo', 'Isla', 'Jonah', 'Joan', 'John', 'José', 'Kavya', 'Liam', 'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wes', 'Xena', 'Yusuf', 'Zoë', 'Aled', 'Bronwen', 'Ciarán', 'Dilys', 'Émile', 'Fiona', 'Gustav', 'Hana', 'Ines', 'Jakub', 'Kai', 'Léa', 'Mateo', 'Nina', 'Oskar', 'Paula', 'Rafael', 'Sofia', 'Tomás', 'Ursula', 'Viktor', 'Wanda', 'Yara', 'Zain', 'Anouk', 'Bjørn', 'Cem', 'Dara', 'Eilidh', 'Faye', 'Gwen'];
      const last = ['Adeyemi', 'Brennan', 'Carter', 'Dubois', 'Evans', 'Fischer', 'García', 'Hughes', 'Iqbal', 'Jones', 'Kowalski', 'Lewis', 'Morgan', 'Nakamura', 'Okafor', 'Patel', 'Quigley', 'Rossi', 'Singh', 'Smith', 'Usman', 'Varga', 'Walsh', 'Xu', 'Young', 'Zieliński', 'Price', "O'Neill", 'Murphy', 'Khan', 'Müller', 'Novák', 'Ørsted', 'Pérez', 'Quinn', 'Rahman', 'Silva', 'Takahashi', 'Ueda', 'Vasquez', 'Wright', 'Yilmaz', 'Zhang', 'Abbott', 'Baker', 'Costa', 'Dunne', 'Eriksen', 'Fox', 'Gallagher', 'Hart', 'Ito', 'Jensen', 'Kelly', 'Lindqvist', 'Moreau', 'Nowak', 'Owens', 'Smythe', 'Ward-Lewis'];
      let seed = 20261124;
      const random = () => {
        seed = (seed * 1664525 + 1013904223) >>> 0;
        return seed / 2 ** 32;
      };
      const hex = (length: number) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
      const db = new bench.DoorlistDatabase(dbName);
      const startedAt = performance.now();
      const chunk = 5_000;
      for (let start = 0; start < count; start += chunk) {
        const rows = Array.from({ length: Math.min(chunk, count - start) }, (_, offset) => {
          const index = start + offset;
          const purchase = 1_000_000_000 + Math.floor(index / 2);
          return {
            ticketId: index % 2 === 0 ? `${index === 0 ? '627e095671209038d339a182' : hex(24)}.627cb97471209027347177dc.${(index % 4) + 1}` : String(100_000 + index),
            status: index % 97 === 0 ? ('cancelled' as const) : ('valid' as const),
            reference: `DMN-${purchase}-${(index % 4) + 1}`,
            guestName: `${first[Math.floor(random() * first.length)]} ${last[Math.floor(random() * last.length)]}`,
            checkedInAt: index % 3 === 0 ? '2026-11-24 19:02:00' : null,
            checkedInDoor: index % 3 === 0 ? 'North gate' : null,
            updatedAt: '2026-11-24T18:00:00Z',
          };
        });
        await db.tickets.bulkPut(rows);
      }
      const seconds = (performance.now() - startedAt) / 1000;
      db.close();
      return seconds;
    },
    { dbName, count },
  );
}

interface QueryTimes {
  indexMs: number[];
  filterMs: number[];
  indexFound: number;
  filterFound: number;
}

/** Each query REPETITIONS times each way, alternating, after WARM_UP untimed runs. Both ways return the first 51 matches. */
function timeQuery(page: Page, dbName: string, text: string): Promise<QueryTimes> {
  return page.evaluate(
    async ({ dbName, text, repetitions, warmUp }) => {
      const bench = window.doorlistSearchBench!;
      const db = new bench.DoorlistDatabase(dbName);
      await db.open();
      const query = bench.parseGuestQuery(text)!;
      // The plain way: every row read and its words worked out, until 51 match (all 100,000 when fewer match).
      const matches = (row: { ticketId: string; reference: string | null; guestName: string | null }) => {
        const words = bench.ticketSearchWords(row);
        const byId = /\d/.test(query.compact) && (row.ticketId.startsWith(query.idPrefix) || query.referencePrefixes.some((prefix) => row.reference?.startsWith(prefix) === true));
        return byId || query.words.every((word) => words.some((candidate) => candidate.startsWith(word)));
      };
      const byIndex = async () => (await bench.searchGuests(db, text)).tickets.length;
      const byFilter = async () => (await db.tickets.filter(matches).limit(51).toArray()).length;
      const timed = async (run: () => Promise<number>) => {
        const startedAt = performance.now();
        const found = await run();
        return { ms: performance.now() - startedAt, found };
      };
      for (let round = 0; round < warmUp; round += 1) {
        await byIndex();
        await byFilter();
      }
      const result = { indexMs: [] as number[], filterMs: [] as number[], indexFound: 0, filterFound: 0 };
      for (let round = 0; round < repetitions; round += 1) {
        const index = await timed(byIndex);
        const filter = await timed(byFilter);
        result.indexMs.push(index.ms);
        result.filterMs.push(filter.ms);
        result.indexFound = index.found;
        result.filterFound = Math.min(filter.found, 50);
      }
      db.close();
      return result;
    },
    { dbName, text, repetitions: REPETITIONS, warmUp: WARM_UP },
  );
}

const WRITE_ROUNDS = 20;
const WRITE_BATCH = 500;

/**
 * What the index costs where it is paid: the sync pass rewrites each ticket of a batch (bulkPut of 500 known tickets into
 * 100,000), and every index entry of a row is written again on each put. The same rows into the same table, with this
 * schema and with version 3's (no searchWords), alternating which goes first.
 */
function timeTicketWrites(page: Page, dbName: string): Promise<{ withIndexMs: number[]; withoutIndexMs: number[] }> {
  return page.evaluate(
    async ({ dbName, rounds, batch }) => {
      const bench = window.doorlistSearchBench!;
      const indexed = new bench.DoorlistDatabase(dbName);
      const plain = new bench.Dexie(`${dbName}-v3`, { chromeTransactionDurability: 'strict' });
      plain.version(3).stores({ tickets: 'ticketId, reference' });
      const strip = (row: object) => Object.fromEntries(Object.entries(row).filter(([key]) => key !== 'searchWords'));
      const keys = (await indexed.tickets.toCollection().primaryKeys()) as string[];
      for (let start = 0; start < keys.length; start += 5_000) {
        await plain.table('tickets').bulkPut((await indexed.tickets.bulkGet(keys.slice(start, start + 5_000))).flatMap((row) => (row ? [strip(row)] : [])));
      }
      const result = { withIndexMs: [] as number[], withoutIndexMs: [] as number[] };
      for (let round = 0; round < rounds; round += 1) {
        const start = (round * 4_999) % (keys.length - batch);
        const rows = (await indexed.tickets.bulkGet(keys.slice(start, start + batch))).flatMap((row) => (row ? [{ ...strip(row), updatedAt: new Date().toISOString() }] : []));
        const withIndex = async () => {
          const startedAt = performance.now();
          await indexed.transaction('rw', indexed.tickets, () => indexed.tickets.bulkPut(rows as never[]));
          result.withIndexMs.push(performance.now() - startedAt);
        };
        const withoutIndex = async () => {
          const startedAt = performance.now();
          await plain.transaction('rw', plain.table('tickets'), () => plain.table('tickets').bulkPut(rows));
          result.withoutIndexMs.push(performance.now() - startedAt);
        };
        if (round % 2 === 0) {
          await withIndex();
          await withoutIndex();
        } else {
          await withoutIndex();
          await withIndex();
        }
      }
      indexed.close();
      plain.close();
      return result;
    },
    { dbName, rounds: WRITE_ROUNDS, batch: WRITE_BATCH },
  );
}

export interface SearchBenchResult {
  figures: Figures;
  browserVersion: string;
  fillSeconds: number;
  writes: { withIndexMs: number[]; withoutIndexMs: number[] };
  perQuery: Array<{ name: string; text: string; indexMedianMs: number; indexP95Ms: number; filterMedianMs: number; filterP95Ms: number; found: number }>;
}

export async function runSearchBench(): Promise<SearchBenchResult> {
  assertChromium();
  await buildPage();
  const server = await serveStatic(PAGE_DIST);
  // A persistent profile, so IndexedDB is on disk as on a phone (an incognito context keeps it in memory).
  const userDataDir = mkdtempSync(join(tmpdir(), 'doorlist-search-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(300_000);
    page.on('pageerror', (error) => console.error(`  [search page error] ${error.message}`));
    // tsx compiles the evaluate callbacks below with esbuild's keepNames, which wraps inner functions in __name().
    await page.addInitScript('globalThis.__name = (target) => target;');
    await page.goto(`${server.origin}/index.html`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 30_000 });
    const browserVersion = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent));
    const dbName = 'bench-search';
    const fillSeconds = await fill(page, dbName, KNOWN_TICKETS);
    console.log(`  ${KNOWN_TICKETS.toLocaleString('en')} tickets written in ${fillSeconds.toFixed(1)} s (search words computed on write)`);

    const perQuery: SearchBenchResult['perQuery'] = [];
    const allIndex: number[] = [];
    const allFilter: number[] = [];
    for (const query of QUERIES) {
      const times = await timeQuery(page, dbName, query.text);
      if (times.indexFound !== times.filterFound) throw new Error(`"${query.text}": the index found ${times.indexFound}, the filter ${times.filterFound}`);
      allIndex.push(...times.indexMs);
      allFilter.push(...times.filterMs);
      const row = {
        name: query.name,
        text: query.text,
        indexMedianMs: median(times.indexMs),
        indexP95Ms: percentile(times.indexMs, 0.95),
        filterMedianMs: median(times.filterMs),
        filterP95Ms: percentile(times.filterMs, 0.95),
        found: times.indexFound,
      };
      perQuery.push(row);
      console.log(`  ${query.name.padEnd(17)} ${JSON.stringify(query.text).padEnd(20)} index ${row.indexMedianMs.toFixed(1)} / ${row.indexP95Ms.toFixed(1)} ms, filter ${row.filterMedianMs.toFixed(1)} / ${row.filterP95Ms.toFixed(1)} ms (median / p95), ${row.found} shown`);
    }
    const writes = await timeTicketWrites(page, dbName);
    console.log(
      `  bulkPut of ${WRITE_BATCH} known tickets: ${median(writes.withIndexMs).toFixed(1)} ms with the search index, ${median(writes.withoutIndexMs).toFixed(1)} ms without (medians of ${WRITE_ROUNDS})`,
    );
    const figures: Figures = {
      search_100k_median_ms: ms(median(allIndex)),
      search_100k_p95_ms: ms(percentile(allIndex, 0.95)),
      search_100k_filter_median_ms: ms(median(allFilter)),
      search_100k_filter_p95_ms: ms(percentile(allFilter, 0.95)),
      search_100k_fill_s: { value: Math.round(fillSeconds * 100) / 100, unit: 's' },
      ticket_write_500_median_ms: ms(median(writes.withIndexMs)),
      ticket_write_500_median_ms_without_search_index: ms(median(writes.withoutIndexMs)),
      ticket_write_500_p95_ms: ms(percentile(writes.withIndexMs, 0.95)),
      ticket_write_500_p95_ms_without_search_index: ms(percentile(writes.withoutIndexMs, 0.95)),
    };
    for (const row of perQuery) {
      figures[`search_100k_p95_ms.${row.name}`] = ms(row.indexP95Ms);
      figures[`search_100k_filter_p95_ms.${row.name}`] = ms(row.filterP95Ms);
    }
    return { figures, browserVersion, fillSeconds, writes, perQuery };
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    await server.close();
  }
}

function renderMarkdown(result: SearchBenchResult, file: BenchResultFile): string {
  const lines = [
    '# Find a guest: search with 100,000 known tickets',
    '',
    `${file.machine}; Chromium ${result.browserVersion}; ${file.date}. IndexedDB on disk; each query ${REPETITIONS} times each way after ${WARM_UP} warm-up runs; both ways return the first 51 matches.`,
    `Target: p95 under ${SEARCH_TARGET_MS} ms per keystroke.`,
    '',
    '| query | typed | index median ms | index p95 ms | filter() median ms | filter() p95 ms | shown |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...result.perQuery.map((row) => `| ${row.name} | \`${row.text}\` | ${row.indexMedianMs.toFixed(1)} | ${row.indexP95Ms.toFixed(1)} | ${row.filterMedianMs.toFixed(1)} | ${row.filterP95Ms.toFixed(1)} | ${row.found} |`),
    '',
    `All queries: index median ${file.figures.search_100k_median_ms?.value} ms, p95 ${file.figures.search_100k_p95_ms?.value} ms; filter() median ${file.figures.search_100k_filter_median_ms?.value} ms, p95 ${file.figures.search_100k_filter_p95_ms?.value} ms.`,
    `Writing the 100,000 tickets (with their search words): ${result.fillSeconds.toFixed(1)} s.`,
    '',
    `The index's price on the sync pass: bulkPut of ${WRITE_BATCH} known tickets into 100,000 (a batch's reconcile write), ${WRITE_ROUNDS} rounds:`,
    `${file.figures.ticket_write_500_median_ms?.value} ms median / ${file.figures.ticket_write_500_p95_ms?.value} ms p95 with the search index,`,
    `${file.figures.ticket_write_500_median_ms_without_search_index?.value} ms / ${file.figures.ticket_write_500_p95_ms_without_search_index?.value} ms with version 3's schema.`,
    '',
  ];
  return lines.join('\n');
}

export function writeSearchResults(folder: string, result: SearchBenchResult): BenchResultFile {
  const file: BenchResultFile = { name: 'search', machine: machineDescription(), date: new Date().toISOString(), figures: result.figures };
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'search.json'), `${JSON.stringify(file, null, 2)}\n`);
  writeFileSync(join(folder, 'search.md'), renderMarkdown(result, file));
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`search (${KNOWN_TICKETS.toLocaleString('en')} tickets)`);
  runSearchBench().then(
    (result) => {
      const file = writeSearchResults(RESULTS_DIR, result);
      console.log(`Wrote ${RESULTS_DIR}/search.{json,md}: index p95 ${file.figures.search_100k_p95_ms?.value} ms, filter() p95 ${file.figures.search_100k_filter_p95_ms?.value} ms.`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`bench search: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
