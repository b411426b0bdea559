// Pre-doors check: one screen of green/amber/red rows (camera, storage, clock, credentials, event data, scans waiting), and Check again.
import { useCallback, useEffect, useRef, useState } from 'react';
import { explainBlocked, PRE_DOORS_ROWS, type CheckAction, type CheckId, type CheckRow, type CheckStatus } from '../readiness/preDoorsCheck.ts';
import type { SettingsRow } from '../engine/viewTypes.ts';
import { CHECK_ICONS, CheckRowItem } from '../ui/CheckRowItem.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';

const log = (message: string, context?: unknown) => console.warn(`[doorlist] ${message}`, context ?? '');

function summaryOf(rows: readonly CheckRow[], running: boolean): { tone: CheckStatus | 'checking'; words: string } {
  if (running) return { tone: 'checking', words: 'Checking this device…' };
  const all = rows;
  const bad = all.filter((row) => row.status === 'bad').length;
  const other = all.filter((row) => row.status === 'warn' || row.status === 'unknown').length;
  if (bad > 0) return { tone: 'bad', words: `Not ready: ${bad} thing${bad === 1 ? '' : 's'} to fix before doors${other > 0 ? `, ${other} to look at` : ''}.` };
  if (other > 0) return { tone: 'warn', words: `Nearly ready: ${other} thing${other === 1 ? '' : 's'} to look at.` };
  return { tone: 'ok', words: 'Ready for doors: everything checked is working.' };
}

export function PreDoorsScreen({ settings, navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  const engine = useEngine();
  // Blocks by the page's security policy, live: the browser's report may come just after the failed request.
  const blocked = useLive(() => engine.live.blockedOrigins(), [engine], []);
  const [rows, setRows] = useState<ReadonlyMap<CheckId, CheckRow>>(new Map());
  const [running, setRunning] = useState(true);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const generation = useRef(0);

  const run = useCallback(async () => {
    const mine = ++generation.current;
    setRunning(true);
    setRows(new Map());
    // A newer run (Check again, leaving the screen) owns the rows; answers of an older one are dropped.
    await engine.preDoorsCheck(settings.config, (answered) => {
      if (mine !== generation.current) return;
      setRows((previous) => {
        const next = new Map(previous);
        for (const row of answered) next.set(row.id, row);
        return next;
      });
    });
    if (mine !== generation.current) return;
    setRunning(false);
    setCheckedAt(new Date());
  }, [engine, settings.config]);

  useEffect(() => {
    void run();
    return () => {
      generation.current += 1;
    };
  }, [run]);

  const act = async (action: CheckAction) => {
    if (action.kind === 'openActivity') {
      navigate('/activity');
      return;
    }
    await engine.askToKeepStorage().catch((error: unknown) => log('storage: persist() failed', error));
    await run();
  };

  const shown = new Map([...rows].map(([id, row]) => [id, explainBlocked(row, blocked)]));
  const summary = summaryOf([...shown.values()], running);
  return (
    <ScreenFrame title="Pre-doors check" onBack={() => navigate('/')} className="predoors">
      <div className="check-summary-row">
        <p className={`check-summary check-${summary.tone}`} role="status" data-testid="check-summary" data-status={summary.tone}>
          <span aria-hidden="true">{CHECK_ICONS[summary.tone]}</span> {summary.words}
        </p>
        <button type="button" className="big-button" onClick={() => void run()} disabled={running}>
          Check again
        </button>
      </div>
      <ul className="check-rows" aria-label="Checks">
        {PRE_DOORS_ROWS.map(({ id, checking }) => {
          const row = shown.get(id);
          const action = row?.action;
          return <CheckRowItem key={id} id={id} checking={checking} row={row} {...(action ? { onAction: () => void act(action) } : {})} />;
        })}
      </ul>
      {checkedAt && <p className="check-time">Checked at {checkedAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })} on this device&apos;s clock.</p>}
    </ScreenFrame>
  );
}
