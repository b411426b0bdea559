// "Every scan exactly once, nothing lost": checks the emulator's check-in log against the scans stored on the device.
import { expect } from '@playwright/test';
import type { StoredScan } from './deviceDb.ts';
import type { ReceivedCheckIn } from './emulator.ts';

export interface DeliveryExpectation {
  deviceName: string;
  /**
   * A resend after a lost reply is harmless only when the emulator answered it "already_checked_in" with this device's
   * name and this scan's own time: allow such extra entries (never a second success, never anything else).
   */
  allowOwnResends: boolean;
}

/** Each ticket: exactly one `success`, carrying the scan's own time and device; no check-in for any other ticket. */
export function expectDeliveredOnce(received: ReceivedCheckIn[], stored: StoredScan[], tickets: readonly string[], expectation: DeliveryExpectation): void {
  expect(received.filter((entry) => !tickets.includes(entry.ticket_id)), 'check-ins for tickets nobody scanned').toEqual([]);
  for (const ticketId of tickets) {
    const scan = stored.find((row) => row.ticketId === ticketId && row.state !== 'local');
    expect(scan, `the device keeps its scan of ${ticketId}`).toBeDefined();
    const entries = received.filter((entry) => entry.ticket_id === ticketId);
    const successes = entries.filter((entry) => entry.result === 'success');
    expect(successes, `exactly one successful check-in of ${ticketId}`).toHaveLength(1);
    expect(successes[0], `the check-in of ${ticketId} carries the scan's own time and device`).toMatchObject({
      time: scan!.venueTime,
      device_name: expectation.deviceName,
      source: 'doorlist',
      async: false,
    });
    const others = entries.filter((entry) => entry.result !== 'success');
    if (!expectation.allowOwnResends) {
      expect(others, `no second check-in of ${ticketId} reached the server`).toEqual([]);
      continue;
    }
    for (const other of others) {
      expect(other, `a resend of ${ticketId} is only our own earlier check-in`).toMatchObject({
        result: 'already_checked_in',
        time: scan!.venueTime,
        device_name: expectation.deviceName,
      });
    }
  }
}
