// Tests of the printable demo ticket sheet: QR codes as inline SVG, the right tickets, a setup link for the request's host.
// @vitest-environment node
import { request } from 'node:http';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSetupFragment } from '../src/contracts/setupLink.ts';
import type { StartedServer } from './createServer.ts';
import { demoTickets, SEED_TICKET_IDS } from './demoData.ts';
import { demoTicketsInPrintOrder, NOT_A_TICKET_TEXT, TICKETS_PER_PAGE } from './demoTicketsPage.ts';
import { startTestServer } from './testing/testServer.ts';

let server: StartedServer;
beforeAll(async () => {
  server = await startTestServer({ controls: false });
});
afterAll(() => server.close());

/** GET with a chosen Host header, as a phone on the LAN would send (fetch does not let a test set Host). */
function getWithHost(pathAndQuery: string, host: string): Promise<{ status: number; contentType: string; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path: pathAndQuery, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type']), body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]+)"/g)].map((match) => (match[1] ?? '').replace(/&amp;/g, '&'));

describe('/demo/tickets', () => {
  it('points the setup link and its QR at the host the request came to', async () => {
    const page = await getWithHost('/demo/tickets', '192.168.1.50:8787');
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.body).toContain('Set up this device');
    const setupLink = hrefs(page.body).find((href) => href.includes('/setup#config='));
    if (!setupLink) throw new Error('no setup link on the page');
    expect(setupLink.startsWith('http://192.168.1.50:8787/setup#config=')).toBe(true);

    const parsed = parseSetupFragment(new URL(setupLink).hash);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.config).toMatchObject({
      deviceName: 'Demo door 1',
      tonic: { baseUrl: 'http://192.168.1.50:8787/tonic', token: 'demo-token', eventId: '60001c4569308525d873cbd7' },
      runsignup: { baseUrl: 'http://192.168.1.50:8787/runsignup', ticketEventId: 123 },
    });
    const setupQr = await QRCode.toString(setupLink, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    expect(page.body).toContain(setupQr);
  });

  it('shows a page of ticket QR codes, a "Not a ticket" code, and no external resources', async () => {
    const page = await getWithHost('/demo/tickets', 'localhost:9999');
    const svgCount = page.body.match(/<svg /g)?.length ?? 0;
    expect(svgCount).toBe(TICKETS_PER_PAGE + 2); // tickets, "not a ticket", and the setup code
    for (const id of SEED_TICKET_IDS) {
      expect(page.body).toContain(id);
      expect(page.body).toContain(await QRCode.toString(id, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    }
    expect(page.body).toContain('Adina Macovei');
    expect(page.body).toContain('DMN-7930721728-176');
    expect(page.body).toContain('RunSignup #2148');
    expect(page.body).toContain('Cancelled');
    expect(page.body).toContain('Not a ticket');
    expect(page.body).toContain(await QRCode.toString(NOT_A_TICKET_TEXT, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    expect(page.body).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(hrefs(page.body).filter((href) => /^https?:/.test(href) && !href.startsWith('http://localhost:9999/'))).toEqual([]);
  });

  it('pages through every ticket, and answers 404 past the last page', async () => {
    const ordered = demoTicketsInPrintOrder();
    const pages = Math.ceil(ordered.length / TICKETS_PER_PAGE);
    const second = await getWithHost('/demo/tickets?page=2', 'localhost:9999');
    const onSecond = ordered.slice(TICKETS_PER_PAGE, 2 * TICKETS_PER_PAGE);
    for (const ticket of onSecond) expect(second.body).toContain(ticket.ticketId);
    expect(second.body).not.toContain(SEED_TICKET_IDS[0]);
    expect(second.body).toContain('href="/demo/tickets?page=3"');
    expect((await getWithHost(`/demo/tickets?page=${pages}`, 'localhost:9999')).status).toBe(200);
    expect((await getWithHost(`/demo/tickets?page=${pages + 1}`, 'localhost:9999')).status).toBe(404);
    expect((await getWithHost('/demo/tickets?page=abc', 'localhost:9999')).status).toBe(404);
  });

  it('prints every demo ticket exactly once across the pages, featured cases first', () => {
    const ordered = demoTicketsInPrintOrder();
    expect(ordered.map((ticket) => ticket.ticketId).sort()).toEqual(demoTickets().map((ticket) => ticket.ticketId).sort());
    const firstPage = ordered.slice(0, TICKETS_PER_PAGE);
    expect(firstPage.filter((ticket) => ticket.runsignupTicketId !== null).length).toBeGreaterThanOrEqual(3);
    expect(firstPage.some((ticket) => ticket.cancelled)).toBe(true);
  });
});
