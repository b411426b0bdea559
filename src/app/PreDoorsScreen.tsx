// Pre-doors check: one screen of green/amber/red rows (camera, storage, clock, credentials, event data, scans waiting), and Check again.
import { useCallback, useEffect, useRef, useState } from 'react';
import { browserCameraProbe } from '../checkin/browserCameraProbe.ts';
import { askToKeepStorage, PRE_DOORS_ROWS, runPreDoorsCheck, type CheckAction, type CheckId, type CheckRow, type CheckStatus } from '../checkin/preDoorsCheck.ts';
import type { SettingsRow } from '../db/tables.ts';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { useServices } from './servicesContext.ts';
import './predoors.css';

const ICONS: Record<CheckStatus | 'checking', string> = { ok: '✓', warn: '!', bad: '✕', unknown: '?', checking: '…' };
const STATUS_WORDS: Record<CheckStatus | 'checking', string> = { ok: 'OK', warn: 'Look', bad: 'Fix', unknown: 'Not checked', checking: 'Checking' };

const log = (message: string, context?: unknown) => console.warn(`[doorlist] ${message}`, context ?? '');

function summaryOf(rows: ReadonlyMap<CheckId, CheckRow>, running: boolean): { tone: CheckStatus | 'checking'; words: string } {
  if (running) return { tone: 'checking', words: 'Checking this device…' };
  const all = [...rows.values()];
  const bad = all.filter((row) => row.status === 'bad').length;
  const other = all.filter((row) => row.status === 'warn' || row.status === 'unknown').length;
  if (bad > 0) return { tone: 'bad', words: `Not ready: ${bad} thing${bad === 1 ? '' : 's'} to fix before doors${other > 0 ? `, ${other} to look at` : ''}.` };
  if (other > 0) return { tone: 'warn', words: `Nearly ready: ${other} thing${other === 1 ? '' : 's'} to look at.` };
  return { tone: 'ok', words: 'Ready for doors: everything checked is working.' };
}

export function PreDoorsScreen({ settings, navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  const { db } = useServices();
  const [rows, setRows] = useState<ReadonlyMap<CheckId, CheckRow>>(new Map());
  const [running, setRunning] = useState(true);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const generation = useRef(0);

  const run = useCallback(async () => {
    const mine = ++generation.current;
    setRunning(true);
    setRows(new Map());
    const deps = {
      db,
      config: settings.config,
      fetchImpl: (input: string, init: RequestInit) => fetch(input, init),
      now: Date.now,
      appOrigin: window.location.origin,
      camera: browserCameraProbe(navigator.mediaDevices),
      secureContext: window.isSecureContext,
      storage: navigator.storage ?? null,
      log,
    };
    // A newer run (Check again, leaving the screen) owns the rows; answers of an older one are dropped.
    await runPreDoorsCheck(deps, navigator.onLine, (answered) => {
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
  }, [db, settings.config]);

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
    await askToKeepStorage(navigator.storage ?? null).catch((error: unknown) => log('storage: persist() failed', error));
    await run();
  };

  const summary = summaryOf(rows, running);
  return (
    <ScreenFrame title="Pre-doors check" onBack={() => navigate('/')} className="predoors">
      <div className="check-summary-row">
        <p className={`check-summary check-${summary.tone}`} role="status" data-testid="check-summary" data-status={summary.tone}>
          <span aria-hidden="true">{ICONS[summary.tone]}</span> {summary.words}
        </p>
        <button type="button" className="big-button" onClick={() => void run()} disabled={running}>
          Check again
        </button>
      </div>
      <ul className="check-rows" aria-label="Checks">
        {PRE_DOORS_ROWS.map(({ id, checking }) => {
          const row = rows.get(id);
          const status = row?.status ?? 'checking';
          const action = row?.action;
          return (
            <li key={id} className={`check-row check-${status}`} data-testid="check-row" data-check={id} data-status={status}>
              <span className="check-icon" aria-hidden="true">
                {ICONS[status]}
              </span>
              <div className="check-text">
                <span className="check-status">{STATUS_WORDS[status]}</span>
                <strong className="check-title">{row?.title ?? checking}</strong>
                <span className="check-detail">{row?.detail ?? 'Checking…'}</span>
                {action && (
                  <button type="button" className="check-action" onClick={() => void act(action)}>
                    {action.label}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {checkedAt && <p className="check-time">Checked at {checkedAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })} on this device&apos;s clock.</p>}
    </ScreenFrame>
  );
}
