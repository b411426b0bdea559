// A decoder that heals itself: when the worker dies mid-run (killed, crashed, silent), a new one is started, with a
// short backoff; if workers keep dying, the next engine selectEngine would pick takes over for good. Frames asked for
// meanwhile wait for the new decoder, so the camera keeps one frame in flight and never stops asking.
import type { BarcodeEngine, DecodedCode, DecoderHealth } from './barcodeEngine.ts';
import type { FrameSource } from './frameScaling.ts';

export interface HealingEngineDeps {
  /** Starts one decoder that calls onDeath once if it dies after start-up. */
  start(onDeath: (reason: string) => void): Promise<BarcodeEngine>;
  /** The engine to use when restarts keep failing. */
  fallback(): Promise<BarcodeEngine>;
  now(): number;
  wait(ms: number): Promise<void>;
  log(message: string, context?: unknown): void;
  /** Delay before each restart in a row; one more death in a row than there are delays means fall back. */
  restartDelaysMs?: readonly number[];
  /** A decoder that lived this long before dying starts the count of deaths in a row again. */
  healthyAfterMs?: number;
}

export const RESTART_DELAYS_MS = [0, 500, 2_000] as const;
const HEALTHY_AFTER_MS = 60_000;

export async function createHealingEngine(deps: HealingEngineDeps): Promise<BarcodeEngine> {
  const delays = deps.restartDelaysMs ?? RESTART_DELAYS_MS;
  const healthyAfterMs = deps.healthyAfterMs ?? HEALTHY_AFTER_MS;
  const listeners = new Set<(health: DecoderHealth) => void>();
  let health: DecoderHealth = 'ok';
  let disposed = false;
  let deathsInARow = 0;
  let startedAt = deps.now();
  let active: BarcodeEngine;
  let current: Promise<BarcodeEngine>;

  const setHealth = (next: DecoderHealth) => {
    if (next === health) return;
    health = next;
    for (const listener of listeners) listener(next);
  };

  const onDeath = (reason: string) => {
    if (disposed) return;
    deathsInARow = deps.now() - startedAt >= healthyAfterMs ? 1 : deathsInARow + 1;
    deps.log(`scan: the decoder died (${reason}); death ${deathsInARow} in a row`);
    current = heal();
    current.catch(() => undefined); // a failure is seen by the decode that awaits it
  };

  /** Restarts until one starts, or falls back once the deaths in a row outnumber the delays. */
  const heal = async (): Promise<BarcodeEngine> => {
    setHealth('restarting');
    while (deathsInARow <= delays.length) {
      await deps.wait(delays[deathsInARow - 1] ?? 0);
      if (disposed) throw new Error('decoder stopped');
      try {
        const engine = await deps.start(onDeath);
        if (disposed) {
          engine.dispose?.();
          throw new Error('decoder stopped');
        }
        startedAt = deps.now();
        active = engine;
        setHealth('ok');
        return engine;
      } catch (error) {
        if (disposed) throw error;
        deathsInARow += 1;
        deps.log('scan: the decoder could not restart', error);
      }
    }
    deps.log('scan: the decoder keeps dying; using the next engine');
    const fallback = await deps.fallback();
    active = fallback;
    setHealth('fallback');
    return fallback;
  };

  active = await deps.start(onDeath);
  current = Promise.resolve(active);

  return {
    get name() {
      return active.name;
    },
    async decode(frame: FrameSource): Promise<DecodedCode[]> {
      const engine = await current;
      return engine.decode(frame);
    },
    dispose() {
      disposed = true;
      active.dispose?.();
      listeners.clear();
    },
    onHealthChange(listener) {
      listeners.add(listener);
      listener(health);
      return () => listeners.delete(listener);
    },
  };
}
