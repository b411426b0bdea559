// The start page: camera, verdict overlay, sync state and the last scans.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useRef } from 'react';
import type { SettingsRow } from '../db/tables.ts';
import { describeScanState } from '../ui/describeScanState.ts';
import { describeVerdict, notSavedView } from '../ui/describeVerdict.ts';
import { RecentScans } from '../ui/RecentScans.tsx';
import { SyncStatusBar } from '../ui/SyncStatusBar.tsx';
import { VerdictOverlay } from '../ui/VerdictOverlay.tsx';
import { useServices } from './servicesContext.ts';
import { cameraHelp, useCameraScanner } from './useCameraScanner.ts';
import { useOnline } from './useOnline.ts';
import { useVerdictDisplay } from './useVerdictDisplay.ts';

const RECENT_SCANS = 6;

export function ScanScreen({ settings }: { settings: SettingsRow }) {
  const services = useServices();
  const { db } = services;
  const online = useOnline();
  const { shown, show, dismiss } = useVerdictDisplay();
  const videoRef = useRef<HTMLVideoElement | null>(null);

  const onText = useCallback(
    async (text: string) => {
      const result = await services.scan(settings.config, { payload: text, input: 'camera' });
      show(result.ok ? { kind: 'scan', scanId: result.scan.id } : { kind: 'notSaved', message: result.message });
    },
    [services, settings.config, show],
  );
  const camera = useCameraScanner(videoRef, (text) => void onText(text));

  const waiting = useLiveQuery(() => db.scans.where('state').anyOf('queued', 'sending').count(), [db], 0);
  const status = useLiveQuery(() => db.syncStatus.get('sync'), [db]) ?? null;
  const recent = useLiveQuery(() => db.scans.orderBy('id').reverse().limit(RECENT_SCANS).toArray(), [db], []);
  const shownScanId = shown?.kind === 'scan' ? shown.scanId : null;
  const shownScan = useLiveQuery(async () => {
    if (!shownScanId) return null;
    const scan = await db.scans.get(shownScanId);
    if (!scan?.ticketId) return scan ? { scan, ticket: null, count: null } : null;
    const [ticket, count] = await Promise.all([db.tickets.get(scan.ticketId), db.counts.get(scan.ticketId)]);
    return { scan, ticket: ticket ?? null, count: count ?? null };
  }, [db, shownScanId]);

  return (
    <main className="scan-screen">
      <SyncStatusBar deviceName={settings.config.deviceName} venueTimeZone={settings.config.venueTimeZone} online={online} waiting={waiting} status={status} onResume={() => void services.resumeSync()} />
      <section className="camera" aria-label="Camera">
        <video ref={videoRef} className="camera-video" muted playsInline autoPlay data-testid="camera-video" />
        {camera.state.kind === 'running' && <div className="camera-hint">Point the camera at the ticket's code · {camera.state.engine}</div>}
        {camera.state.kind === 'starting' && <div className="camera-hint">Starting camera…</div>}
        {camera.state.kind === 'stopped' && (
          <div className="camera-problem" role="alert">
            <p>{camera.state.message ?? 'The camera is off.'}</p>
            {camera.state.problem && <p>{cameraHelp(camera.state.problem)}</p>}
            <button type="button" className="big-button" onClick={() => void camera.start()}>
              Start camera
            </button>
          </div>
        )}
        {shown?.kind === 'notSaved' && <VerdictOverlay view={notSavedView(shown.message)} guestName={null} reference={null} serverNote={null} windowCount={null} onDismiss={dismiss} />}
        {shown?.kind === 'scan' && shownScan && (
          <VerdictOverlay
            view={describeVerdict(shownScan.scan.verdict)}
            guestName={shownScan.ticket?.guestName ?? null}
            reference={shownScan.ticket?.reference ?? null}
            serverNote={shownScan.scan.state === 'local' ? null : describeScanState(shownScan.scan)}
            windowCount={shownScan.count ? { count: shownScan.count.windowCheckedInCount, fetchedAt: shownScan.count.fetchedAt } : null}
            onDismiss={dismiss}
          />
        )}
      </section>
      <RecentScans scans={recent} />
    </main>
  );
}
