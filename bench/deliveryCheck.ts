// What the emulator received against what a device sent: every scan's (ticket, device, time) exactly once.
import type { DemoServer } from './demoServer.ts';
import type { OutboxContents } from './harness/syncProtocol.ts';

interface Received {
  checkins: { ticket_id: string; device_name: string; time: string }[];
}

/** Every scan's (ticket, device, time) against what the emulator logged: lost = never arrived, duplicated = arrived more than once. */
export async function deliveryCheck(server: DemoServer, outbox: Pick<OutboxContents, 'keys'>): Promise<{ lost: number; duplicated: number; unexpected: number; posts: number }> {
  const received = (await (await fetch(`${server.origin}/__control/checkins`)).json()) as Received;
  const requests = (await (await fetch(`${server.origin}/__control/requests`)).json()) as { requests: { method: string; path: string }[] };
  const arrivals = new Map<string, number>();
  for (const entry of received.checkins) {
    const key = `${entry.ticket_id}|${entry.device_name}|${entry.time}`;
    arrivals.set(key, (arrivals.get(key) ?? 0) + 1);
  }
  const expected = new Set(outbox.keys);
  return {
    lost: outbox.keys.filter((key) => !arrivals.has(key)).length,
    duplicated: outbox.keys.filter((key) => (arrivals.get(key) ?? 0) > 1).length,
    unexpected: [...arrivals.keys()].filter((key) => !expected.has(key)).length,
    posts: requests.requests.filter((request) => request.method === 'POST' && request.path === '/tonic/checkin/tickets').length,
  };
}

