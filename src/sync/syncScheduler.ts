// Decides WHEN to run a sync pass: one at a time across tabs (Web Locks), woken by scans, `online`, focus and a timer.
import type { SyncPassReport } from './syncPass.ts';
import { withSyncLock } from './syncLock.ts';

export const IDLE_RECHECK_MS = 60_000; // also catches rows another tab queued while it held the lock and then closed

export interface SchedulerEnvironment {
  locks: LockManager | null;
  setTimer: (callback: () => void, delayMs: number) => unknown;
  clearTimer: (handle: unknown) => void;
  now: () => number;
  addWakeListener: (listener: () => void) => () => void;
}

export class SyncScheduler {
  private running = false;
  private wakeAgain = false;
  private timer: unknown = null;
  private removeListeners: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly runPass: () => Promise<SyncPassReport>,
    private readonly env: SchedulerEnvironment,
    private readonly onReport: (report: SyncPassReport) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.removeListeners = this.env.addWakeListener(() => this.wake());
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    this.removeListeners?.();
    this.removeListeners = null;
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.timer = null;
  }

  /** Run a pass soon; calls while a pass runs coalesce into one more pass. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    void this.loop();
  }

  private async loop(): Promise<void> {
    this.running = true;
    if (this.timer !== null) this.env.clearTimer(this.timer);
    this.timer = null;
    let report: SyncPassReport | null = null;
    try {
      do {
        this.wakeAgain = false;
        report = await this.withLock(this.runPass);
        this.onReport(report);
      } while (this.wakeAgain && !this.stopped);
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    const dueIn = report?.nextDueAt == null || report.paused ? IDLE_RECHECK_MS : Math.max(0, report.nextDueAt - this.env.now());
    this.timer = this.env.setTimer(() => this.wake(), Math.min(dueIn, IDLE_RECHECK_MS));
  }

  private withLock<T>(task: () => Promise<T>): Promise<T> {
    return withSyncLock(this.env.locks, task);
  }
}
