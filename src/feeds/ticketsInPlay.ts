// The numeric (RunSignup) tickets this door has scanned lately: the ones whose window counts are worth keeping fresh.
import type { DoorlistDatabase } from '../db/database.ts';

export const IN_PLAY_WINDOW_MS = 3 * 60 * 60_000;
export const MAX_TICKETS_IN_PLAY = 500;

export async function numericTicketsInPlay(db: DoorlistDatabase, nowMs: number): Promise<string[]> {
  const since = new Date(nowMs - IN_PLAY_WINDOW_MS).toISOString();
  const ids = new Set<string>();
  // Newest first by scan id (ULID order is time order); stop at the window's start.
  await db.scans
    .orderBy('id')
    .reverse()
    .until((row) => row.scannedAt < since)
    .each((row) => {
      if (ids.size < MAX_TICKETS_IN_PLAY && row.ticketId && /^\d+$/.test(row.ticketId)) ids.add(row.ticketId);
    });
  return [...ids];
}
