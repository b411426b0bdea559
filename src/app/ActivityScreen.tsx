// Activity: every scan and where it stands, the problems to work through, the backlog, and export/import of the outbox.
import { useState, type ChangeEvent } from 'react';
import type { ActivityCounts, ActivityTab, ImportResult, ScanRow, SettingsRow } from '../engine/viewTypes.ts';
import { needsAttention } from '../reports/problems.ts';
import { describeScanState } from '../ui/describeScanState.ts';
import { blockForSetup } from '../sync/connectionBlock.ts';
import { BlockedNotice } from '../ui/BlockedNotice.tsx';
import { describeScanOutcome } from '../ui/describeVerdict.ts';
import { describeHistoryRetention } from '../ui/describeHistoryRetention.ts';
import { OccurrenceList } from '../ui/OccurrenceList.tsx';
import { BookingNoteForm } from '../ui/BookingNoteForm.tsx';
import { BookingNotes } from '../ui/BookingNotes.tsx';
import { purchaseIdOf } from '../sync/bookingNotes.ts';
import { downloadFile } from './downloadFile.ts';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';
import { useStoragePersistence } from './useStoragePersistence.ts';
import { useBacklogProgress } from './useBacklogProgress.ts';
import { BacklogBar } from '../ui/BacklogBar.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { GuestListSection } from './GuestListSection.tsx';

const LIST_LIMIT = 200;
const NO_COUNTS: ActivityCounts = { waiting: 0, confirmed: 0, refused: 0, failed: 0, problems: 0, unconfirmed: 0 };
const NOTES_SHOWN = 50;

function ScanItem({
  row,
  guestName,
  onSendAgain,
  onHandled,
  onNote,
  blocked,
}: {
  row: ScanRow;
  guestName: string | null;
  blocked: boolean;
  onSendAgain: () => void;
  onHandled: () => void;
  onNote: (text: string) => Promise<string | null>;
}) {
  const view = describeScanOutcome(row);
  const [writing, setWriting] = useState(false);
  const canNote = row.ticketId !== null && purchaseIdOf(row.ticketId) !== null;
  return (
    <li className={`recent-item recent-${view.tone}`} data-testid="activity-scan" data-ticket={row.ticketId ?? ''} data-state={row.state}>
      <span className="recent-time">{row.venueTime.slice(11)}</span>
      <span className="recent-title">
        <span aria-hidden="true">{view.icon}</span> {view.title}
        {row.direction === 'out' ? ' (out)' : ''}
      </span>
      <span className="recent-ticket">{guestName ?? row.ticketId ?? row.payload.slice(0, 24)}</span>
      <span className="recent-state">
        {describeScanState(row, blocked)}
        {row.importedAt ? ` · from ${row.deviceName}` : ''}
      </span>
      {canNote && !writing && (
        <span className="activity-actions">
          <button type="button" onClick={() => setWriting(true)}>
            Add a note to the booking
          </button>
        </span>
      )}
      {writing && (
        <BookingNoteForm
          onCancel={() => setWriting(false)}
          onSave={async (text) => {
            const refusal = await onNote(text);
            if (!refusal) setWriting(false);
            return refusal;
          }}
        />
      )}
      {needsAttention(row) && (
        <span className="activity-actions">
          {row.state === 'failed' && (
            <button type="button" onClick={onSendAgain}>
              Send again
            </button>
          )}
          <button type="button" onClick={onHandled}>
            Mark handled
          </button>
        </span>
      )}
    </li>
  );
}

export function ActivityScreen({ settings, navigate }: { settings: SettingsRow; navigate: (path: string) => void }) {
  const engine = useEngine();
  const storage = useStoragePersistence();
  const [tab, setTab] = useState<ActivityTab>('problems');
  const [importOutcome, setImportOutcome] = useState<ImportResult | null>(null);
  const counts = useLive(() => engine.live.activityCounts(), [engine], NO_COUNTS);
  const backlog = useBacklogProgress();
  const event = useLive(() => engine.live.eventOccurrences(settings.config.tonic.eventId), [engine, settings.config.tonic.eventId]);
  const notes = useLive(() => engine.live.bookingNotes(NOTES_SHOWN), [engine], []);
  const blocked = blockForSetup(event?.status, settings.config);
  const fetchedAt = event?.status?.lastOccurrencesAt ? Date.parse(event.status.lastOccurrencesAt) : null;
  const list = useLive(() => engine.live.activityList(tab, LIST_LIMIT), [engine, tab], []);
  const retention = useLive(() => engine.live.historyRetention(), [engine]);
  const history = retention ? describeHistoryRetention(retention, settings.config.venueTimeZone) : null;

  const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const fileBase = `doorlist-${settings.config.deviceName.replace(/[^A-Za-z0-9]+/g, '-')}-${stamp()}`;
  const exportJson = async () => downloadFile(`${fileBase}.json`, 'application/json', await engine.exportScansJson(settings.config.deviceName));
  const exportCsv = async () => downloadFile(`${fileBase}.csv`, 'text/csv', await engine.exportScansCsv());
  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setImportOutcome(null);
    setImportOutcome(await engine.importScans(file)); // a file too big to be an export is never read into memory
  };

  return (
    <ScreenFrame title="Activity" onBack={() => navigate('/')} className="activity">
      {blocked && <BlockedNotice block={blocked} onReopen={() => window.location.reload()} />}
      {backlog && blocked?.service !== 'Tonic' && <BacklogBar view={backlog} />}
      <dl className="facts" data-testid="activity-summary">
        <dt>Waiting to send</dt>
        <dd data-testid="activity-waiting">{counts.waiting}</dd>
        <dt>Confirmed by the server</dt>
        <dd>{counts.confirmed}</dd>
        {counts.unconfirmed > 0 && (
          <>
            <dt>Sent in bulk, not confirmed</dt>
            <dd>{counts.unconfirmed}</dd>
          </>
        )}
        <dt>Refused by the server</dt>
        <dd>{counts.refused}</dd>
        <dt>Could not be sent</dt>
        <dd>{counts.failed}</dd>
        <dt>Storage</dt>
        <dd>
          {storage.persisted === true ? 'Kept by the browser (persistent)' : storage.persisted === false ? 'May be cleared by the browser when space runs low: export often' : 'Unknown'}
          {storage.freeBytes !== null ? ` · ${Math.round(storage.freeBytes / 1_000_000).toLocaleString()} MB free` : ''}
        </dd>
        {history && (
          <>
            <dt>Scan history</dt>
            <dd data-testid="activity-history">
              {history.kept}
              {history.waiting && <> {history.waiting}</>}
            </dd>
          </>
        )}
      </dl>
      <OccurrenceList
        occurrences={event?.occurrences ?? []}
        ageMinutes={fetchedAt === null ? null : Math.floor((Date.now() - fetchedAt) / 60_000)}
        error={event?.status?.lastOccurrencesError ?? null}
      />
      <BookingNotes notes={notes} />
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'problems'} onClick={() => setTab('problems')}>
          Needs attention ({counts.problems})
        </button>
        <button type="button" role="tab" aria-selected={tab === 'all'} onClick={() => setTab('all')}>
          All scans
        </button>
      </div>
      {list.length === 0 ? (
        <p className="recent-empty">{tab === 'problems' ? 'Nothing needs attention.' : 'No scans yet.'}</p>
      ) : (
        <ol className="recent" aria-label={tab === 'problems' ? 'Scans that need attention' : 'All scans'}>
          {list.map(({ row, guestName }) => (
            <ScanItem key={row.id} row={row} guestName={guestName} blocked={blocked?.service === 'Tonic'} onSendAgain={() => void engine.sendAgain(row.id)} onHandled={() => void engine.markHandled(row.id)}
              onNote={(text) => engine.addBookingNote(row.ticketId ?? '', text)}
            />
          ))}
        </ol>
      )}
      <GuestListSection settings={settings} />
      <section className="transfer" aria-label="Export and import">
        <h2>Move scans to another device</h2>
        <p>
          If this device cannot get back online, export its scans (and its notes on bookings) and import the file on a device that can. Then keep this device offline and hand it in: if
          it came back online later it would send its own copy of those scans too.
        </p>
        <div className="transfer-buttons">
          <button type="button" onClick={() => void exportJson()}>
            Export scans (JSON)
          </button>
          <button type="button" onClick={() => void exportCsv()}>
            Export for a spreadsheet (CSV)
          </button>
          <label className="file-button">
            Import scans from a file
            <input type="file" accept="application/json,.json" onChange={(event) => void onImport(event)} data-testid="import-file" />
          </label>
        </div>
        {importOutcome && (
          <p role="status" className={`notice ${importOutcome.ok ? 'notice-ok' : 'notice-bad'}`} data-testid="import-outcome">
            {importOutcome.ok
              ? `Imported ${importOutcome.added} scans from ${importOutcome.from} (${importOutcome.queued} to send; ${importOutcome.alreadyHere} were already here).` +
                (importOutcome.notesAdded > 0 ? ` Also ${importOutcome.notesAdded} booking notes (${importOutcome.notesQueued} to send).` : '')
              : importOutcome.message}
          </p>
        )}
      </section>
    </ScreenFrame>
  );
}
