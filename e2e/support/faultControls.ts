// The demo backend's fault controls and request log, from the test process: inject faults, clear them, see what arrived.
import type { APIRequestContext } from '@playwright/test';
import type { RequestLogEntry } from '../../server/emulatorState.ts';
import type { FaultSettings } from '../../server/faults.ts';

export const CHECKIN_PATH = '/tonic/checkin/tickets';

export class FaultControls {
  constructor(private readonly request: APIRequestContext) {}

  /** Merged key by key into the current faults (see server/faults.ts mergeFaultSettings). */
  async set(faults: FaultSettings): Promise<void> {
    const response = await this.request.post('/__control/faults', { data: faults });
    if (!response.ok()) throw new Error(`setting faults failed: ${response.status()} ${await response.text()}`);
  }

  /** No faults, and every held request let go. */
  async clear(): Promise<void> {
    const response = await this.request.delete('/__control/faults');
    if (!response.ok()) throw new Error(`clearing faults failed: ${response.status()}`);
  }

  /**
   * Holds the check-ins after the next `after`: each later one waits, unanswered, until `release` or `clear`. A state
   * the test looks at (a backlog part-way) then stays on screen however fast or slow the machine is.
   */
  async holdCheckIns(after: number): Promise<void> {
    await this.set({ hold: { after, path: CHECKIN_PATH } });
  }

  /** Lets the held requests go on (the hold stays armed for later ones); how many there were. */
  async release(): Promise<number> {
    const response = await this.request.post('/__control/faults/release');
    if (!response.ok()) throw new Error(`releasing held requests failed: ${response.status()}`);
    return ((await response.json()) as { released: number }).released;
  }

  /** The faults still armed (counts not yet used up). */
  async current(): Promise<FaultSettings> {
    const response = await this.request.get('/__control/faults');
    if (!response.ok()) throw new Error(`faults read-back failed: ${response.status()}`);
    return ((await response.json()) as { faults: FaultSettings }).faults;
  }

  async requests(): Promise<RequestLogEntry[]> {
    const response = await this.request.get('/__control/requests');
    if (!response.ok()) throw new Error(`requests read-back failed: ${response.status()}`);
    return ((await response.json()) as { requests: RequestLogEntry[] }).requests;
  }

  /** Every check-in POST the emulator saw, in arrival order; status null while it is still being answered (or was dropped). */
  async checkInPosts(): Promise<RequestLogEntry[]> {
    return (await this.requests()).filter((entry) => entry.method === 'POST' && entry.path === CHECKIN_PATH);
  }

  /**
   * Polls the request log fast (25 ms) until `predicate` holds: for faults that must be re-armed while a request is
   * in the emulator's hands, where expect.poll's back-off (up to 1 s) would be too slow. Returns the log it matched.
   */
  async waitForRequests(predicate: (log: RequestLogEntry[]) => boolean, timeoutMs = 15_000): Promise<RequestLogEntry[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const log = await this.requests();
      if (predicate(log)) return log;
      if (Date.now() > deadline) throw new Error(`request log never matched; last: ${JSON.stringify(log)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

export const isCheckInPost = (entry: RequestLogEntry): boolean => entry.method === 'POST' && entry.path === CHECKIN_PATH;
