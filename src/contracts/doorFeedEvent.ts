// One check-in or check-out on the door feed, as the gateway sends it (SSE `checkin` data) and the app applies it.

export interface DoorFeedEvent {
  seq: number;
  ticketId: string;
  direction: 'in' | 'out';
  /** The door (device name) that scanned it. */
  door: string;
  /** Venue time of the scan, 'YYYY-MM-DD HH:MM:SS'. */
  time: string;
  /** What the upstream answered: 'success', 'queued' (async), or a refusal. */
  result: string;
}
