// Talks to the demo backend's test controls (/__control) from the test process, outside the browser.
import type { APIRequestContext } from '@playwright/test';
import type { TicketMovementLogEntry } from '../../server/emulatorState.ts';

export type ReceivedCheckIn = TicketMovementLogEntry;

export class Emulator {
  constructor(private readonly request: APIRequestContext) {}

  async reset(): Promise<void> {
    const response = await this.request.post('/__control/reset');
    if (!response.ok()) throw new Error(`reset failed: ${response.status()}`);
  }

  async checkIns(): Promise<ReceivedCheckIn[]> {
    const response = await this.request.get('/__control/checkins');
    if (!response.ok()) throw new Error(`checkins read-back failed: ${response.status()}`);
    return ((await response.json()) as { checkins: ReceivedCheckIn[] }).checkins;
  }
}
