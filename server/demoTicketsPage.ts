// The printable demo ticket sheet (/demo/tickets): QR codes to scan at the door, and a setup QR for this host.
import QRCode from 'qrcode';
import { demoTickets, SEED_TICKET_IDS, type DemoTicket } from './demoData.ts';
import { demoSetupLink } from './demoSetupConfig.ts';

export const TICKETS_PER_PAGE = 24;
export const NOT_A_TICKET_TEXT = 'https://example.com/menu';
const FEATURED_RUNSIGNUP_TICKETS = 6;

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const qrSvg = (text: string): Promise<string> => QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

/** Page order: the cases a demo wants first (seed pair, RunSignup tickets, a cancelled one), then the rest. */
export function demoTicketsInPrintOrder(tickets: readonly DemoTicket[] = demoTickets()): DemoTicket[] {
  const seed = tickets.filter((ticket) => SEED_TICKET_IDS.some((id) => id === ticket.ticketId));
  const runsignup = tickets.filter((ticket) => ticket.runsignupTicketId !== null).slice(0, FEATURED_RUNSIGNUP_TICKETS);
  const cancelled = tickets.filter((ticket) => ticket.cancelled).slice(0, 1);
  const featured = [...seed, ...runsignup, ...cancelled];
  return [...featured, ...tickets.filter((ticket) => !featured.includes(ticket))];
}

async function ticketCard(ticket: DemoTicket): Promise<string> {
  const badges = [
    ticket.runsignupTicketId !== null ? `<span class="badge">RunSignup #${ticket.runsignupTicketId}</span>` : '',
    ticket.cancelled ? '<span class="badge cancelled">Cancelled</span>' : '',
  ].join('');
  return `<figure class="card">
  <div class="qr">${await qrSvg(ticket.ticketId)}</div>
  <figcaption>
    <strong>${escapeHtml(ticket.guestName)}</strong>
    <span>${escapeHtml(ticket.reference)} · ${escapeHtml(ticket.ticketType)}</span>
    <code>${escapeHtml(ticket.ticketId)}</code>
    ${badges}
  </figcaption>
</figure>`;
}

async function notATicketCard(): Promise<string> {
  return `<figure class="card not-ticket">
  <div class="qr">${await qrSvg(NOT_A_TICKET_TEXT)}</div>
  <figcaption><strong>Not a ticket</strong><span>A menu link, to show the "not a ticket" verdict</span><code>${escapeHtml(NOT_A_TICKET_TEXT)}</code></figcaption>
</figure>`;
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 16px; color: #111; }
  header { display: flex; gap: 16px; align-items: center; border: 2px solid #111; padding: 12px; margin-bottom: 16px; }
  header .qr { width: 160px; flex: none; }
  header a { word-break: break-all; font-size: 12px; }
  nav { margin: 8px 0 16px; display: flex; gap: 16px; }
  .grid { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
  .card { margin: 0; border: 1px dashed #888; padding: 8px; break-inside: avoid; }
  .card .qr svg, header .qr svg { width: 100%; height: auto; display: block; }
  figcaption { display: flex; flex-direction: column; gap: 2px; font-size: 12px; }
  code { font-size: 9px; word-break: break-all; }
  .badge { align-self: start; background: #0b5; color: #fff; border-radius: 4px; padding: 0 4px; font-size: 11px; }
  .badge.cancelled { background: #c22; }
  .not-ticket { border-style: solid; }
  @media print { nav { display: none; } header { break-after: avoid; } }
`;

export interface DemoTicketsPageInput {
  /** Origin the browser used to reach this server (from the Host header), so a LAN phone gets a link back to it. */
  origin: string;
  page: number;
}

/** The sheet's HTML, or null when there is no such page. */
export async function renderDemoTicketsPage({ origin, page }: DemoTicketsPageInput): Promise<string | null> {
  const ordered = demoTicketsInPrintOrder();
  const pageCount = Math.ceil(ordered.length / TICKETS_PER_PAGE);
  if (!Number.isInteger(page) || page < 1 || page > pageCount) return null;
  const onPage = ordered.slice((page - 1) * TICKETS_PER_PAGE, page * TICKETS_PER_PAGE);
  const setupLink = demoSetupLink(origin);
  const cards = await Promise.all(onPage.map(ticketCard));
  const pageLink = (n: number, label: string): string => `<a href="/demo/tickets?page=${n}">${label}</a>`;
  const nav = [
    page > 1 ? pageLink(page - 1, '← Previous') : '',
    `<span>Page ${page} of ${pageCount}</span>`,
    page < pageCount ? pageLink(page + 1, 'Next →') : '',
  ].join('');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Doorlist demo tickets — page ${page}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <div class="qr">${await qrSvg(setupLink)}</div>
  <div>
    <h1>Doorlist demo tickets</h1>
    <p>Scan this code with the device's camera, or open the link on it: <a href="${escapeHtml(setupLink)}">Set up this device</a></p>
    <a href="${escapeHtml(setupLink)}">${escapeHtml(setupLink)}</a>
  </div>
</header>
<nav>${nav}</nav>
<main class="grid">
${cards.join('\n')}
${await notATicketCard()}
</main>
</body>
</html>`;
}
