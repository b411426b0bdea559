// Test controls (mounted under /__control only when asked for): reset, fault injection, and what the emulator saw.
import { Hono } from 'hono';
import type { EmulatorState } from './emulatorState.ts';
import { faultSettingsSchema, mergeFaultSettings } from './faults.ts';
import type { ServerEnv } from './serverEnv.ts';
import { parseJsonBody } from './jsonBody.ts';

export function controlRoutes(state: EmulatorState): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();

  app.post('/reset', (c) => {
    state.reset();
    return c.json({ ok: true });
  });

  app.get('/faults', (c) => c.json({ faults: state.faults }));

  app.post('/faults', async (c) => {
    const parsed = parseJsonBody(await c.req.text(), faultSettingsSchema);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    state.faults = mergeFaultSettings(state.faults, parsed.value);
    return c.json({ faults: state.faults });
  });

  app.delete('/faults', (c) => {
    state.faults = {};
    return c.json({ faults: state.faults });
  });

  app.get('/checkins', (c) => c.json({ checkins: state.checkinLog }));
  app.get('/checkouts', (c) => c.json({ checkouts: state.checkoutLog }));
  app.get('/requests', (c) => c.json({ requests: state.requestLog }));

  return app;
}
