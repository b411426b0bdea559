// Activity: every scan and where it stands, the problems to work through, the backlog, and export/import of the outbox.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ChangeEvent } from 'react';
import type { ScanRow, SettingsRow } from '../db/tables.ts';
import { exportScans, importScans, importSizeProblem, scansToCsv, type ImportResult } from '../outbox/exportImport.ts';
import { countWaiting, withInFlight } from '../outbox/outbox.ts';
import { countProblems, latestProblems, needsAttention } from '../reports/problems.ts';
import { markHandled, sendAgain } from '../outbox/scanActions.ts';
import { describeScanState } from '../ui/describeScanState.ts';
import { blockForSetup } from '../sync/connectionBlock.ts';
import { BlockedNotice } from '../ui/BlockedNotice.tsx';
import { describeScanOutcome } from '../ui/describeVerdict.ts';
import { OccurrenceList } from '../ui/OccurrenceList.tsx';
import { BookingNoteForm } from '../ui/BookingNoteForm.tsx';
import { BookingNotes } from '../ui/BookingNotes.tsx';
import { purchaseIdOf } from '../sync/bookingNotes.ts';
import { downloadFile } from './downloadFile.ts';
import { useServices } from './servicesContext.ts';
import { useStoragePersistence } from './useStoragePersistence.ts';
import { useBacklogProgress } from './useBacklogProgress.ts';
import { BacklogBar } from '../ui/BacklogBar.tsx';
import { ScreenFrame } from '../ui/ScreenFrame.tsx';
import { GuestListSection } from './GuestListSection.tsx';

const LIST_LIMIT = 200;
type Tab = 'problems' | 'all';


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
  const services = useServices();
  const { db } = services;
  const storage = useStoragePersistence();
  const [tab, setTab] = useState<Tab>('problems');
  const [importOutcome, setImportOutcome] = useState<ImportResult | null>(null);
  const counts = useLiveQuery(
    async () => {
      const [waiting, confirmed, refused, failed, problems, unconfirmed] = await Promise.all([
        countWaiting(db),
        db.scans.where('state').equals('confirmed').count(),
        db.scans.where('state').equals('rejected').count(),
        db.scans.where('state').equals('failed').count(),
        countProblems(db),
        db.scans.where('state').equals('sentUnconfirmed').count(),
      ]);
      return { waiting, confirmed, refused, failed, problems, unconfirmed };
    },
    [db],
    { waiting: 0, confirmed: 0, refused: 0, failed: 0, problems: 0, unconfirmed: 0 },
  );
  const backlog = useBacklogProgress();
  const event = useLiveQuery(
    async () => ({
      occurrences: await db.occurrences.where('eventId').equals(settings.config.tonic.eventId).sortBy('occurrenceDate'),
      status: (await db.syncStatus.get('sync')) ?? null,
    }),
    [db, settings.config.tonic.eventId],
  );
  const notes = useLiveQuery(() => db.mutations.orderBy('id').reverse().limit(50).toArray(), [db], []);
  const blocked = blockForSetup(event?.status, settings.config);
  const fetchedAt = event?.status?.lastOccurrencesAt ? Date.parse(event.status.lastOccurrencesAt) : null;
  const list = useLiveQuery(
    async () => {
      const rows =
        tab === 'problems'
          ? await latestProblems(db, LIST_LIMIT)
          : await withInFlight(db, await db.scans.orderBy('id').reverse().limit(LIST_LIMIT).toArray(), Date.now());
      const tickets = await db.tickets.bulkGet(rows.map((row) => row.ticketId ?? ''));
      return rows.map((row, index) => ({ row, guestName: tickets[index]?.guestName ?? null }));
    },
    [db, tab],
    [],
  );

  const stamp = () => new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const fileBase = `doorlist-${settings.config.deviceName.replace(/[^A-Za-z0-9]+/g, '-')}-${stamp()}`;
  const exportJson = async () => downloadFile(`${fileBase}.json`, 'application/json', JSON.stringify(await exportScans(db, new Date(), settings.config.deviceName)));
  const exportCsv = async () => downloadFile(`${fileBase}.csv`, 'text/csv', scansToCsv(await db.scans.orderBy('id').toArray()));
  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    // Its size first: a file too big to be an export is never read into memory.
    const tooBig = importSizeProblem(file.size);
    if (tooBig) {
      setImportOutcome({ ok: false, message: tooBig });
      return;
    }
    setImportOutcome(null);
    const outcome = await importScans(db, await file.text(), new Date());
    setImportOutcome(outcome);
    if (outcome.ok && outcome.queued + outcome.notesQueued > 0) services.wakeSync();
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
            <ScanItem key={row.id} row={row} guestName={guestName} blocked={blocked?.service === 'Tonic'} onSendAgain={() => void sendAgain(db, row.id, new Date()).then((queued) => queued && services.wakeSync())} onHandled={() => void markHandled(db, row.id, new Date())}
              onNote={(text) => services.addBookingNote(row.ticketId ?? '', text)}
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
