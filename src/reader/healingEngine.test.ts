import { describe, expect, it } from 'vitest';
import type { BarcodeEngine, DecoderHealth } from './barcodeEngine.ts';
import type { DecodeRequest, DecodeWorkerMessage } from './decodeWorkerProtocol.ts';
import { createHealingEngine } from './healingEngine.ts';
import { createWorkerEngine, DecoderDiedError, type WorkerLike } from './workerEngine.ts';

/** A Worker stand-in: the test says when it is ready and what it answers; terminate() makes it silent, as a real one. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<DecodeWorkerMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly requests: DecodeRequest[] = [];
  terminated = false;
  postMessage(message: DecodeRequest) {
    if (!this.terminated) this.requests.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  send(message: DecodeWorkerMessage) {
    if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent<DecodeWorkerMessage>);
  }
  /** Answers every open request with this text, as the real worker would. */
  answerAll(text: string) {
    for (const request of this.requests.splice(0)) this.send({ type: 'decoded', id: request.id, codes: [{ text, format: 'QRCode' }], decodeMs: 5 });
  }
}

/** Timers the test runs by hand: nothing waits for real time. */
function manualTimers() {
  let clock = 0;
  let nextHandle = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => clock,
    setTimeout: (run: () => void, ms: number) => {
      const handle = nextHandle++;
      due.set(handle, { at: clock + ms, run });
      return handle;
    },
    clearTimeout: (handle: unknown) => void due.delete(handle as number),
    advance(ms: number) {
      clock += ms;
      for (const [handle, timer] of [...due].sort((a, b) => a[1].at - b[1].at)) {
        if (timer.at <= clock && due.delete(handle)) timer.run();
      }
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const frame = {} as never;

function harness(options: { startFails?: (attempt: number) => boolean } = {}) {
  const timers = manualTimers();
  const workers: FakeWorker[] = [];
  const waits: number[] = [];
  const health: DecoderHealth[] = [];
  const fallback: BarcodeEngine = { name: 'page', decode: async () => [{ text: 'FROM-PAGE', format: 'QRCode' }] };
  const start = (onDeath: (reason: string) => void) => {
    const worker = new FakeWorker();
    workers.push(worker);
    const started = createWorkerEngine({ createWorker: () => worker, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, stallMs: 1_000, onDeath });
    if (options.startFails?.(workers.length)) worker.send({ type: 'loadFailed', message: 'wasm would not load' });
    else worker.send({ type: 'ready' });
    return started;
  };
  const engine = createHealingEngine({
    start,
    fallback: async () => fallback,
    now: timers.now,
    wait: async (ms) => void waits.push(ms),
    log: () => undefined,
  }).then((made) => {
    made.onHealthChange?.((next) => health.push(next));
    return made;
  });
  return { timers, workers, waits, health, engine };
}

describe('the decoder worker', () => {
  it('settles a pending decode when the worker goes silent (killed), and reports the death once', async () => {
    const timers = manualTimers();
    const worker = new FakeWorker();
    const deaths: string[] = [];
    const started = createWorkerEngine({ createWorker: () => worker, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, stallMs: 1_000, onDeath: (reason) => deaths.push(reason) });
    worker.send({ type: 'ready' });
    const engine = await started;
    const decoded = engine.decode(frame);
    worker.answerAll('A');
    await expect(decoded).resolves.toEqual([{ text: 'A', format: 'QRCode' }]);

    worker.terminate(); // killed from outside: a real Worker says nothing then
    const pending = engine.decode(frame);
    timers.advance(999);
    await settle();
    expect(deaths).toEqual([]);
    timers.advance(1);
    await expect(pending).rejects.toBeInstanceOf(DecoderDiedError);
    await expect(engine.decode(frame)).rejects.toBeInstanceOf(DecoderDiedError);
    expect(deaths).toHaveLength(1);
  });

  it('settles pending decodes when the worker reports an error after start-up', async () => {
    const timers = manualTimers();
    const worker = new FakeWorker();
    const deaths: string[] = [];
    const started = createWorkerEngine({ createWorker: () => worker, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, onDeath: (reason) => deaths.push(reason) });
    worker.send({ type: 'ready' });
    const engine = await started;
    const pending = [engine.decode(frame), engine.decode(frame)];
    worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
    for (const each of pending) await expect(each).rejects.toThrow(/out of memory/);
    expect(worker.terminated).toBe(true);
    expect(deaths).toHaveLength(1);
  });

  it('is restarted after it dies, and the next frame is read by the new one', async () => {
    const { timers, workers, health, engine: made } = harness();
    const engine = await made;
    workers[0]!.terminate();
    const lost = engine.decode(frame);
    await settle(); // the frame reaches the worker
    timers.advance(1_000);
    await expect(lost).rejects.toBeInstanceOf(DecoderDiedError);
    const next = engine.decode(frame); // the camera asks for the next frame at once
    await settle();
    expect(workers).toHaveLength(2);
    workers[1]!.answerAll('NEXT');
    await expect(next).resolves.toEqual([{ text: 'NEXT', format: 'QRCode' }]);
    expect(health).toEqual(['ok', 'restarting', 'ok']);
    expect(engine.name).toBe('doorlist');
  });

  it('backs off between restarts in a row, then falls back to the next engine and says so', async () => {
    const { timers, workers, waits, health, engine: made } = harness();
    const engine = await made;
    for (let death = 0; death < 4; death += 1) {
      const worker = workers[workers.length - 1]!;
      worker.terminate();
      const lost = engine.decode(frame);
      await settle();
      timers.advance(1_000);
      await expect(lost).rejects.toBeInstanceOf(DecoderDiedError);
      await settle();
    }
    expect(waits).toEqual([0, 500, 2_000]);
    expect(workers).toHaveLength(4); // the first and three restarts
    await expect(engine.decode(frame)).resolves.toEqual([{ text: 'FROM-PAGE', format: 'QRCode' }]);
    expect(engine.name).toBe('page');
    expect(health.at(-1)).toBe('fallback');
  });

  it('counts a restart that cannot start as a death, and a worker that lived long starts the count again', async () => {
    const { timers, workers, waits, engine: made } = harness({ startFails: (attempt) => attempt === 2 });
    const engine = await made;
    timers.advance(120_000); // a healthy hour-long run is not held against the next worker
    workers[0]!.terminate();
    const lost = engine.decode(frame);
    await settle(); // the frame reaches the worker
    timers.advance(1_000);
    await expect(lost).rejects.toBeInstanceOf(DecoderDiedError);
    const next = engine.decode(frame);
    await settle();
    await settle();
    expect(workers).toHaveLength(3); // the second would not load; the third did
    expect(waits).toEqual([0, 500]);
    workers[2]!.answerAll('AFTER');
    await expect(next).resolves.toEqual([{ text: 'AFTER', format: 'QRCode' }]);
  });
});
