// The demo server's gateway serves the emulator's guest list (`npm start`): pulled from /dmn once a door asks, with the
// demo event's minimum age, and forgotten at /__control/reset. A server nobody asked sends /dmn nothing.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DEMO_EVENT } from '../../demoData.ts';
import { useTestServer } from '../../testing/testServer.ts';
import { DEMO_GATEWAY_DEVICE_TOKEN } from '../../demoGateway.ts';
import { readGuestList } from '../../testing/guestListTestKit.ts';

const server = useTestServer();
const getList = (query = '') => fetch(`${server.url}/api/guestlist${query}`, { headers: { authorization: `Bearer ${DEMO_GATEWAY_DEVICE_TOKEN}` } });
const dmnRequests = async () =>
  ((await (await fetch(`${server.url}/__control/requests`)).json()) as { requests: { path: string }[] }).requests.filter((request) => request.path.startsWith('/dmn/'));

describe('the demo gateway guest list', () => {
  it('pulls nothing until a door asks, then serves the emulated list with the demo minimum age', async () => {
    expect(await dmnRequests()).toEqual([]);
    const list = await readGuestList(await getList());
    expect(list.head.meta).toMatchObject({ source: 'dmn', occurrences: ['2026-11-24'], minimumAge: DEMO_EVENT.minimumAge, eventId: DEMO_EVENT.objectId });
    expect(list.puts.length).toBeGreaterThan(100);
    expect(list.end?.puts).toBe(list.puts.length);
    expect(await dmnRequests()).toHaveLength(1);
    // Asking again reads the gateway's copy: DesignMyNight is asked on the schedule, not per door request.
    await readGuestList(await getList(`?since=${list.head.version}`));
    expect(await dmnRequests()).toHaveLength(1);
  });

  it('a reset forgets the list: a door with the old version gets the whole list afresh', async () => {
    const before = await readGuestList(await getList());
    await fetch(`${server.url}/__control/reset`, { method: 'POST' });
    expect(await dmnRequests()).toEqual([]);
    const after = await readGuestList(await getList(`?since=${before.head.version}`));
    expect(after.head.full).toBe(true);
    expect(after.head.version).toBeGreaterThan(before.head.version);
    expect(after.puts).toHaveLength(before.puts.length);
  });
});
