// Load test of the Doorlist gateway on loopback: 50 devices × 20 scans/s through the gateway to the emulator (5 s of
// warm-up, then 20 s measured), each device also holding an events stream. Writes bench/results/gateway.json.
// Run: `npx tsx bench/gatewayLoad.ts`.
//
// Three processes, so the load generator's event loop never measures itself: the emulated upstream, the gateway (a
// SQLite file on disk, as deployed), and this driver. Each device behaves like the app's sync runner: one request at a
// time, every scan that arrived meanwhile in the next batch, Retry-After honoured on 429.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_SCANS_PER_REQUEST } from '../src/contracts/batchLimits.ts';
import { startServer } from '../server/createServer.ts';
import type { DemoTicket } from '../server/demoData.ts';
import { openEventStream, type EventStreamClient } from '../server/testing/eventStreamClient.ts';
import { emulatorUpstreamConfig } from '../server/demoSetupConfig.ts';
import { silentSink } from '../server/gateway/gatewayLog.ts';
import { startGatewayServer } from '../server/gateway/gatewayServer.ts';
import { count, machineDescription, ms, percentile, round, type BenchResultFile } from './figures.ts';

const DEVICES = 50;
const SCANS_PER_SECOND = 20;
const DURATION_S = 20;
/** Full load before the measured window: JIT, connection pools and SQLite's cache warm up, as in a gateway that has been running. */
const WARMUP_S = 5;
const SCANS_PER_DEVICE = SCANS_PER_SECOND * (WARMUP_S + DURATION_S);
const MEASURED_FROM_SCAN = SCANS_PER_SECOND * WARMUP_S;
const DRAIN_TIMEOUT_MS = 60_000;
const EVENTS_TIMEOUT_MS = 30_000;
const STARTUP_TIMEOUT_MS = 60_000;
const REQUEST_TIMEOUT_MS = 15_000; // the app's own deadline

const THIS_FILE = fileURLToPath(import.meta.url);
const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./results/gateway.json', import.meta.url));

const ticketIdOf = (device: number, scan: number): string => `6b${device.toString(16).padStart(22, '0')}.627cb97471209027347177dc.${scan}`;

/** Tonic's `time`: wall clock `YYYY-MM-DD HH:MM:SS` (UTC here; the gateway does not interpret it). */
const tonicTime = (date: Date): string => date.toISOString().slice(0, 19).replace('T', ' ');

// ---- child roles ----

async function runEmulator(): Promise<void> {
  const server = await startServer({ controls: true, port: 0, host: '127.0.0.1' });
  // Tickets the load sends, known to the emulator, so every scan is a real first check-in.
  for (let device = 0; device < DEVICES; device += 1) {
    for (let scan = 0; scan < SCANS_PER_DEVICE; scan += 1) {
      const ticketId = ticketIdOf(device, scan);
      const ticket: DemoTicket = {
        ticketId,
        objectId: `6c${device.toString(16).padStart(10, '0')}${scan.toString(16).padStart(12, '0')}`,
        reference: `LOAD-${device}-${scan}`,
        guestName: `Load guest ${device}-${scan}`,
        guestEmail: `guest${device}-${scan}@example.com`,
        ticketType: 'General admission',
        purchaseObjectId: 'load',
        cancelled: false,
        runsignupTicketId: null,
      };
      server.state.ticketsById.set(ticketId, ticket);
    }
  }
  process.once('SIGTERM', () => void server.close().finally(() => process.exit(0)));
  console.log(`READY ${JSON.stringify({ url: server.url })}`);
}

async function runGateway(emulatorUrl: string, dataDir: string): Promise<void> {
  const config = emulatorUpstreamConfig(emulatorUrl, { database: path.join(dataDir, 'gateway.sqlite') });
  const server = await startGatewayServer({ config, port: 0, host: '127.0.0.1', logSink: silentSink });
  const tokens: string[] = [];
  for (let device = 0; device < DEVICES; device += 1) tokens.push((await server.gateway.addDevice(`Load door ${device + 1}`)).token);
  process.once('SIGTERM', () => void server.close().finally(() => process.exit(0)));
  console.log(`READY ${JSON.stringify({ url: server.url, tokens })}`);
}

// ---- driver ----

interface Child {
  process: ChildProcess;
  ready: Record<string, unknown>;
  stop(): Promise<void>;
}

function startChild(args: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', THIS_FILE, ...args], { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.pid === undefined) return resolve();
      child.once('exit', () => resolve());
      process.kill(-child.pid, 'SIGTERM'); // its own process group: only what this driver started
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${args.join(' ')} did not start:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^READY (.+)$/m.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({ process: child, ready: JSON.parse(match[1]) as Record<string, unknown>, stop });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

interface DeviceStats {
  latenciesMs: number[];
  scanToAnswerMs: number[];
  errors: string[];
  rateLimited: number;
  confirmed: Set<string>;
  requests: number;
}

interface QueuedScan {
  ticketId: string;
  time: string;
  scannedAtMs: number;
  /** Made after the warm-up: its timings count. */
  measured: boolean;
}

const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));

/** One door: scans arrive on a timer; a sender like the app's sends everything waiting, one request at a time. */
async function runDevice(gatewayUrl: string, token: string, device: number, startAtMs: number): Promise<DeviceStats> {
  const stats: DeviceStats = { latenciesMs: [], scanToAnswerMs: [], errors: [], rateLimited: 0, confirmed: new Set(), requests: 0 };
  const queue: QueuedScan[] = [];
  const door = `Load door ${device + 1}`;
  let produced = 0;
  const waiting: { wake: (() => void) | null } = { wake: null }; // the sender, parked on an empty queue
  const producer = (async () => {
    // Scans on a fixed schedule (not "every 50 ms after the last"), so a slow event loop cannot lower the offered load.
    for (; produced < SCANS_PER_DEVICE; produced += 1) {
      const dueAt = startAtMs + (produced * 1000) / SCANS_PER_SECOND;
      const wait = dueAt - performance.now();
      if (wait > 0) await sleep(wait);
      queue.push({ ticketId: ticketIdOf(device, produced), time: tonicTime(new Date()), scannedAtMs: performance.now(), measured: produced >= MEASURED_FROM_SCAN });
      waiting.wake?.();
    }
  })();

  const deadline = startAtMs + (WARMUP_S + DURATION_S) * 1000 + DRAIN_TIMEOUT_MS;
  while ((produced < SCANS_PER_DEVICE || queue.length > 0) && performance.now() < deadline) {
    if (queue.length === 0) {
      await new Promise<void>((resolve) => {
        waiting.wake = resolve;
      });
      waiting.wake = null;
      continue;
    }
    const batch = queue.splice(0, MAX_SCANS_PER_REQUEST);
    const body = JSON.stringify({ tickets: batch.map((scan) => ({ ticket_id: scan.ticketId, device_name: door, time: scan.time, source: 'doorlist-load' })), async: false });
    const sentAt = performance.now();
    const measured = batch.every((scan) => scan.measured);
    if (measured) stats.requests += 1;
    try {
      const response = await fetch(`${gatewayUrl}/api/tonic/checkin/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      const answeredAt = performance.now();
      if (measured) stats.latenciesMs.push(answeredAt - sentAt);
      if (response.status === 429) {
        stats.rateLimited += 1;
        queue.unshift(...batch);
        await sleep(Number(response.headers.get('retry-after') ?? '1') * 1000);
        continue;
      }
      if (response.status !== 200) {
        stats.errors.push(`HTTP ${response.status}: ${text.slice(0, 120)}`);
        queue.unshift(...batch); // the app keeps them and sends again
        await sleep(200);
        continue;
      }
      const entries = ((JSON.parse(text) as { check_ins: { result: string }[][] }).check_ins ?? []).flat();
      if (entries.length !== batch.length) stats.errors.push(`reply had ${entries.length} entries for ${batch.length} scans`);
      batch.forEach((scan, index) => {
        if (entries[index]?.result === 'success') {
          stats.confirmed.add(scan.ticketId);
          if (scan.measured) stats.scanToAnswerMs.push(answeredAt - scan.scannedAtMs);
        } else stats.errors.push(`${scan.ticketId}: ${entries[index]?.result ?? 'no entry'}`);
      });
    } catch (error) {
      stats.errors.push(`network: ${error instanceof Error ? error.message : String(error)}`);
      queue.unshift(...batch);
      await sleep(200);
    }
  }
  await producer;
  return stats;
}

async function drive(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'doorlist-gateway-load-'));
  const children: Child[] = [];
  const streams: EventStreamClient[] = [];
  try {
    console.log(`Gateway load: ${DEVICES} devices × ${SCANS_PER_SECOND} scans/s, ${WARMUP_S} s warm-up + ${DURATION_S} s measured, each with an events stream (loopback only).`);
    const emulator = await startChild(['--role=emulator']);
    children.push(emulator);
    const gateway = await startChild(['--role=gateway', `--emulator=${String(emulator.ready.url)}`, `--data=${dataDir}`]);
    children.push(gateway);
    const gatewayUrl = String(gateway.ready.url);
    const tokens = gateway.ready.tokens as string[];

    for (const token of tokens) streams.push(await openEventStream(`${gatewayUrl}/api/events`, { authorization: `Bearer ${token}` }, { keepCheckins: false }));
    await Promise.all(streams.map((stream) => stream.waitFor((message) => message.event === 'caught-up')));

    const startedAt = performance.now();
    const results = await Promise.all(tokens.map((token, device) => runDevice(gatewayUrl, token, device, startedAt + Math.random() * (1000 / SCANS_PER_SECOND))));
    const elapsedS = (performance.now() - startedAt) / 1000 - WARMUP_S;
    const expectedScans = DEVICES * SCANS_PER_DEVICE;

    // Every stream must see every check-in (each device's own included).
    const eventsDeadline = performance.now() + EVENTS_TIMEOUT_MS;
    while (streams.some((stream) => stream.checkinCount() < expectedScans) && performance.now() < eventsDeadline) await sleep(100);
    const sseMissing = streams.reduce((missing, stream) => missing + Math.max(0, expectedScans - stream.checkinCount()), 0);

    const received = ((await (await fetch(`${String(emulator.ready.url)}/__control/checkins`)).json()) as { checkins: { ticket_id: string; result: string }[] }).checkins;
    const timesReceived = new Map<string, number>();
    for (const entry of received) timesReceived.set(entry.ticket_id, (timesReceived.get(entry.ticket_id) ?? 0) + 1);
    let lost = 0;
    for (let device = 0; device < DEVICES; device += 1) for (let scan = 0; scan < SCANS_PER_DEVICE; scan += 1) if (!timesReceived.has(ticketIdOf(device, scan))) lost += 1;
    const duplicated = [...timesReceived.values()].reduce((extra, times) => extra + Math.max(0, times - 1), 0);

    const latencies = results.flatMap((result) => result.latenciesMs);
    const scanToAnswer = results.flatMap((result) => result.scanToAnswerMs);
    const errors = results.flatMap((result) => result.errors);
    const confirmed = results.reduce((total, result) => total + result.confirmed.size, 0);
    const confirmedMeasured = results.reduce((total, result) => total + result.scanToAnswerMs.length, 0);
    const requests = results.reduce((total, result) => total + result.requests, 0);
    const rateLimited = results.reduce((total, result) => total + result.rateLimited, 0);

    const result: BenchResultFile = {
      name: 'gateway',
      machine: machineDescription(),
      date: new Date().toISOString(),
      figures: {
        gateway_p99_ms: ms(percentile(latencies, 0.99)),
        gateway_p50_ms: ms(percentile(latencies, 0.5)),
        gateway_errors: count(errors.length),
        gateway_lost: count(lost),
        gateway_duplicated: count(duplicated),
        gateway_scans_per_s: { value: round(confirmedMeasured / elapsedS, 1), unit: 'scans/s' },
        gateway_requests: count(requests),
        gateway_rate_limited: count(rateLimited),
        gateway_scan_to_answer_p99_ms: ms(percentile(scanToAnswer, 0.99)),
        gateway_sse_missing: count(sseMissing),
      },
    };
    mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`Offered ${expectedScans} scans; confirmed ${confirmed}; measured window ${round(elapsedS, 1)} s, ${requests} requests.`);
    for (const [name, figure] of Object.entries(result.figures)) console.log(`  ${name.padEnd(30)} ${figure.value} ${figure.unit}`);
    if (errors.length > 0) console.log(`First errors:\n  ${errors.slice(0, 5).join('\n  ')}`);
    console.log(`Wrote ${path.relative(REPO_DIR, RESULTS_FILE)}.`);
    if (errors.length > 0 || lost > 0 || duplicated > 0 || sseMissing > 0) process.exitCode = 1;
  } finally {
    for (const stream of streams) stream.close();
    for (const child of children.reverse()) await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const role = process.argv.find((arg) => arg.startsWith('--role='))?.slice('--role='.length);
const argument = (name: string): string => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';

const run = role === 'emulator' ? runEmulator() : role === 'gateway' ? runGateway(argument('emulator'), argument('data')) : drive().then(() => process.exit());
run.catch((error: unknown) => {
  console.error(`gateway load (${role ?? 'driver'}): ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
