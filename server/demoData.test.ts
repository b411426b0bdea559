// Tests that the demo data is deterministic and has the tickets the demo, the tests and the e2e rely on.
// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createDemoCatalog, DEMO_TICKET_TYPES, demoTickets, SEED_TICKET_IDS } from './demoData.ts';

const tickets = demoTickets();
const TONIC_STYLE_ID = /^([0-9a-f]{24})\.([0-9a-f]{24})\.(\d+)$/;

describe('demo data', () => {
  it('is the same on every build', () => {
    expect(demoTickets()).toEqual(tickets);
    expect(createDemoCatalog().purchases).toEqual(createDemoCatalog().purchases);
  });

  it('has about 300 tickets with unique ids, object ids and references', () => {
    expect(tickets.length).toBeGreaterThanOrEqual(280);
    expect(tickets.length).toBeLessThanOrEqual(320);
    for (const key of ['ticketId', 'objectId', 'reference'] as const) {
      expect(new Set(tickets.map((ticket) => ticket[key])).size, key).toBe(tickets.length);
    }
    for (const ticket of tickets) {
      expect(ticket.objectId).toMatch(/^[0-9a-f]{24}$/);
      expect(ticket.reference).toMatch(/^DMN-\d{10}-\d+$/);
      expect(ticket.guestEmail).toMatch(/^[a-z.]+\d*@example\.com$/);
    }
  });

  it('keeps the two tickets of the Tonic reference page verbatim', () => {
    const seed = SEED_TICKET_IDS.map((id) => tickets.find((ticket) => ticket.ticketId === id));
    expect(seed.map((ticket) => [ticket?.objectId, ticket?.reference, ticket?.guestName, ticket?.cancelled])).toEqual([
      ['627e095671209038d339a184', 'DMN-7930721728-176', 'Adina Macovei', false],
      ['627e095671209038d339a185', 'DMN-7930721728-177', 'Adina Macovei', false],
    ]);
  });

  it('writes most ids Tonic-style, numbered from 1 within their purchase', () => {
    const tonicStyle = tickets.filter((ticket) => TONIC_STYLE_ID.test(ticket.ticketId));
    expect(tonicStyle.length).toBeGreaterThan(tickets.length * 0.8);
    for (const ticket of tonicStyle) expect(ticket.ticketId.startsWith(`${ticket.purchaseObjectId}.`)).toBe(true);
    for (const purchase of createDemoCatalog().purchases) {
      const count = purchase.items.reduce((sum, item) => sum + item.ticketIds.length, 0);
      expect(count).toBeGreaterThanOrEqual(1);
      expect(count).toBeLessThanOrEqual(4);
      const numbers = purchase.items.flatMap((item) => item.ticketIds.map((id) => TONIC_STYLE_ID.exec(id)?.[3])).filter(Boolean);
      if (numbers.length > 0) expect(numbers).toEqual(numbers.map((_n, index) => String(index + 1)));
    }
  });

  it('has about 40 numeric RunSignup tickets from 2148 up, and both ticket types', () => {
    const numeric = tickets.filter((ticket) => /^\d+$/.test(ticket.ticketId));
    expect(numeric.length).toBe(40);
    expect(numeric.map((ticket) => ticket.runsignupTicketId)).toEqual(numeric.map((_ticket, index) => 2148 + index));
    expect(tickets.filter((ticket) => ticket.runsignupTicketId !== null)).toEqual(numeric);
    expect(new Set(tickets.map((ticket) => ticket.ticketType))).toEqual(new Set(DEMO_TICKET_TYPES));
  });

  it('cancels about five tickets, never a seed ticket', () => {
    const cancelled = tickets.filter((ticket) => ticket.cancelled);
    expect(cancelled.length).toBe(5);
    expect(cancelled.some((ticket) => SEED_TICKET_IDS.some((id) => id === ticket.ticketId))).toBe(false);
  });
});
