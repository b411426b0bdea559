// Test controls (mounted under /__control only when asked for): reset, fault injection, and what the emulator saw.
import { Hono } from 'hono';
import { z } from 'zod';
import type { EmulatorState } from './emulatorState.ts';
import { faultSettingsSchema, mergeFaultSettings } from './faults.ts';
import type { ServerEnv } from './serverEnv.ts';
import type { SettableClock } from './settableClock.ts';
import { parseJsonBody } from './jsonBody.ts';

const dmnBodySchema = z.strictObject({ rateLimitPerHour: z.number().int().min(1, 'must be at least 1').max(1_000_000) });

const refundBodySchema = z.strictObject({ ticketId: z.string().min(1).max(128) });

const clockBodySchema = z.object({ now: z.iso.datetime({ offset: true, error: 'must be an ISO date-time such as 2027-07-17T17:20:00Z' }).nullable() }).strict();

/**
 * `freshDay` starts the demo afresh (the emulator, and whatever else remembers the door, such as the demo gateway);
 * by default the emulator alone.
 */
export function controlRoutes(state: EmulatorState, clock: SettableClock, freshDay: () => Promise<void> = async () => state.reset()): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();

  app.post('/reset', async (c) => {
    clock.set(null);
    await freshDay();
    return c.json({ ok: true });
  });

  /** `{"now": "<ISO>"}` moves the clock there (it runs on from it) and starts a fresh demo day; `{"now": null}` undoes it. */
  app.post('/clock', async (c) => {
    const parsed = parseJsonBody(await c.req.text(), clockBodySchema);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    clock.set(parsed.value.now === null ? null : new Date(parsed.value.now));
    await freshDay();
    return c.json({ now: clock.now().toISOString() });
  });

  app.get('/faults', (c) => c.json({ faults: state.faults }));

  app.post('/faults', async (c) => {
    const parsed = parseJsonBody(await c.req.text(), faultSettingsSchema);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    state.faults = mergeFaultSettings(state.faults, parsed.value);
    return c.json({ faults: state.faults });
  });

  app.delete('/faults', (c) => {
    state.clearFaults();
    return c.json({ faults: state.faults });
  });

  /** Lets the requests waiting at the `hold` fault go on; the hold stays armed for later ones (set it anew to re-arm). */
  app.post('/faults/release', (c) => c.json({ released: state.releaseHeld() }));

  /** `{"rateLimitPerHour": n}`: the emulated guest-list API's hourly limit per app id, until the next reset. */
  app.post('/dmn', async (c) => {
    const parsed = parseJsonBody(await c.req.text(), dmnBodySchema);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    state.dmnRateLimitPerHour = parsed.value.rateLimitPerHour;
    return c.json({ rateLimitPerHour: state.dmnRateLimitPerHour });
  });

  /**
   * `{"ticketId": "<code>"}`: the box office refunds this ticket (until the next reset). Tonic then answers its check-in
   * `cancelled` and the guest list shows it `refunded`, as after a real refund.
   */
  app.post('/refund', async (c) => {
    const parsed = parseJsonBody(await c.req.text(), refundBodySchema);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const ticket = state.ticketsById.get(parsed.value.ticketId.toLowerCase());
    if (!ticket) return c.json({ error: 'ticketId: no demo ticket has this id' }, 404);
    ticket.cancelled = true;
    return c.json({ ticketId: ticket.ticketId, refunded: true });
  });

  app.get('/checkins', (c) => c.json({ checkins: state.checkinLog }));
  app.get('/checkouts', (c) => c.json({ checkouts: state.checkoutLog }));
  app.get('/requests', (c) => c.json({ requests: state.requestLog }));

  return app;
}
