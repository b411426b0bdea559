// After a setup is applied: one call to each configured server, so a blocked or unreachable one is named before doors,
// and the guest list's first download (the one the new setup starts anyway), or why there is none.
// The setup stays applied either way (a door may be offline on purpose); scans wait on the device until it answers.
import { useEffect, useState } from 'react';
import { explainBlocked, type CheckRow } from '../readiness/preDoorsCheck.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { CheckRowItem } from '../ui/CheckRowItem.tsx';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';

const log = (message: string, context?: unknown) => console.warn(`[doorlist] ${message}`, context ?? '');

const ROWS = [
  { id: 'tonic', checking: 'Tonic (check-ins)' },
  { id: 'runsignup', checking: 'RunSignup (counts)' },
  { id: 'guestList', checking: 'Guest list (downloading)' },
] as const;
type RowId = (typeof ROWS)[number]['id'];

export function SetupServerCheck({ config }: { config: SetupConfig }) {
  const engine = useEngine();
  const [rows, setRows] = useState<Partial<Record<RowId, CheckRow>>>({});
  // The browser's report of a blocked request may come just after the failed call: joined here, live.
  const blocked = useLive(() => engine.live.blockedOrigins(), [engine], []);

  useEffect(() => {
    let current = true;
    const checks = engine.setupChecks(config);
    const settle = (id: RowId, row: CheckRow) => current && setRows((previous) => ({ ...previous, [id]: row }));
    const failed = (id: RowId) => (error: unknown) => {
      log('setup: server check failed', error);
      settle(id, { id, status: 'unknown', title: 'Not checked', detail: `The check itself failed (${error instanceof Error ? error.message : String(error)}). Open the pre-doors check from the menu.` });
    };
    checks.tonic.then((row) => settle('tonic', row), failed('tonic'));
    checks.runsignup.then((row) => settle('runsignup', row), failed('runsignup'));
    // Joins the download the new setup started (no second request), then says what the door holds.
    checks.guestList.then((row) => settle('guestList', row), failed('guestList'));
    return () => {
      current = false;
    };
  }, [engine, config]);

  const shown = ROWS.map(({ id, checking }) => ({ id, checking, row: rows[id] && explainBlocked(rows[id], blocked) }));
  const anyBad = shown.some(({ row }) => row?.status === 'bad');
  return (
    <section className="setup-server-check" aria-label="Servers" data-testid="setup-server-check">
      <h2>Servers</h2>
      <ul className="check-rows" aria-label="Server checks">
        {shown.map(({ id, checking, row }) => (
          <CheckRowItem key={id} id={id} checking={checking} row={row} />
        ))}
      </ul>
      {anyBad && (
        <p className="settings-hint" data-testid="setup-server-hint">
          The setup is saved all the same: this door scans offline, and its scans wait on the device until the server can be reached.
        </p>
      )}
    </section>
  );
}
