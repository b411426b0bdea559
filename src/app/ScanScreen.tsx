// The start page: camera, verdict overlay, sync state and the last scans.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanDirection, ScanSource, SettingsRow } from '../engine/viewTypes.ts';
import { DirectionSwitch } from '../ui/DirectionSwitch.tsx';
import { CameraControls } from '../ui/CameraControls.tsx';
import { ManualEntry } from '../ui/ManualEntry.tsx';
import { useBacklogProgress } from './useBacklogProgress.ts';
import { MainMenu } from './MainMenu.tsx';
import { describeScanState } from '../ui/describeScanState.ts';
import { blockForSetup } from '../sync/connectionBlock.ts';
import { describeServerAnswer, describeVerdict, notSavedView, serverAnswerFeedback, verifyNote, type VerdictView } from '../ui/describeVerdict.ts';
import { RecentScans } from '../ui/RecentScans.tsx';
import { SyncStatusBar } from '../ui/SyncStatusBar.tsx';
import { CheckingOverlay, VerdictOverlay } from '../ui/VerdictOverlay.tsx';
import { feedbackOf, type FeedbackKind } from '../ui/verdictFeedback.ts';
import { listedGuestOf } from '../model/verdict.ts';
import { MappingNotice } from '../ui/MappingNotice.tsx';
import { guestListPolicyOf, preferencesOf } from '../settings/preferences.ts';
import { occurrenceLabel } from '../api/venueTime.ts';
import { useVerdictFeedback } from './useVerdictFeedback.ts';
import './scan.css';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';
import { constantLive } from '../engine/live.ts';
import { CameraStoppedNotice } from './CameraStoppedNotice.tsx';
import { useCameraScanner } from './useCameraScanner.ts';
import { useKeyboardWedge } from './useKeyboardWedge.ts';
import { useOnline } from './useOnline.ts';
import { useVerdictDisplay } from './useVerdictDisplay.ts';
import { useGuestListBar } from './useGuestListBar.ts';

const RECENT_SCANS = 6;
/** No scan (or no occurrence) to show: a live query of nothing. */
const NOTHING_SHOWN = constantLive(null);

/** What staff read when the code reader itself had a fault (the camera is fine). */
const DECODER_HEALTH = {
  restarting: 'The code reader hit a problem and is restarting. Hold the ticket in view a moment.',
  fallback: 'The code reader kept failing, so a slower backup reader is in use. Scanning still works; if codes read slowly, close and reopen Doorlist.',
} as const;

export function ScanScreen({ settings, navigate, onVerdictShown }: { settings: SettingsRow; navigate: (path: string) => void; onVerdictShown: (shown: boolean) => void }) {
  const engine = useEngine();
  const online = useOnline();
  const { shown, shownKey, show, settle, dismiss } = useVerdictDisplay();
  const preferences = preferencesOf(settings);
  const { verifyOnlineFirst, verifyTimeoutMs } = preferences;
  useEffect(() => {
    onVerdictShown(shown !== null);
    return () => onVerdictShown(false);
  }, [shown, onVerdictShown]);
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [direction, setDirection] = useState<ScanDirection>('in');
  const [menuOpen, setMenuOpen] = useState(false);

  const record = useCallback(
    async (text: string, input: ScanSource, frameAt: number | null) => {
      if (!verifyOnlineFirst) {
        const result = await engine.scan(settings.config, { payload: text, input, direction });
        show(result.ok ? { kind: 'scan', scanId: result.scan.id, frameAt } : { kind: 'notSaved', message: result.message });
        return;
      }
      // Decided and stored here first, as always; then the server gets a short moment to answer for it.
      const { result, answer } = await engine.scanAndVerify(settings.config, { payload: text, input, direction }, verifyTimeoutMs);
      if (!result.ok) return show({ kind: 'notSaved', message: result.message });
      const scanId = result.scan.id;
      if (answer === null) return show({ kind: 'scan', scanId, frameAt });
      show({ kind: 'scan', scanId, frameAt, verify: { kind: 'pending' } });
      const outcome = await answer;
      settle(scanId, outcome.kind === 'answered' ? { kind: 'answered', row: outcome.row } : { kind: 'timeout' });
    },
    [engine, settings.config, show, settle, direction, verifyOnlineFirst, verifyTimeoutMs],
  );
  const camera = useCameraScanner(videoRef, (text, frameAt) => void record(text, 'camera', frameAt));
  useKeyboardWedge((code) => void record(code, 'keyboard', null));

  const waiting = useLive(() => engine.live.waiting(), [engine], 0);
  const backlog = useBacklogProgress();
  const status = useLive(() => engine.live.syncStatus(), [engine]) ?? null;
  const blocked = blockForSetup(status, settings.config);
  const guestList = useGuestListBar(settings);
  const unknownCodes = guestListPolicyOf(settings.config, preferences).unknownCodes;
  const mappingNotice = useLive(() => engine.live.mappingNotice(unknownCodes), [engine, unknownCodes]);
  const recent = useLive(() => engine.live.recentScans(RECENT_SCANS), [engine], []);
  const shownScanId = shown?.kind === 'scan' ? shown.scanId : null;
  const shownScan = useLive(() => (shownScanId ? engine.live.shownScan(shownScanId) : NOTHING_SHOWN), [engine, shownScanId]);
  const occurrenceDate = preferences.occurrenceDate;
  const eventId = settings.config.tonic.eventId;
  const occurrence = useLive(() => (occurrenceDate ? engine.live.occurrence(eventId, occurrenceDate) : NOTHING_SHOWN), [engine, eventId, occurrenceDate]);

  // What the verdict area shows: nothing, the neutral wait, or one verdict with its words, sound and vibration.
  // liveQuery keeps the previous result until the new query answers: never show one guest's verdict for the next.
  const loaded = shown?.kind === 'scan' && shownScan && shownScan.scan.id === shown.scanId ? shownScan : null;
  const checking = shown?.kind === 'scan' && shown.verify?.kind === 'pending';
  let verdict: { view: VerdictView; feedback: FeedbackKind; checkNote: string | null; serverNote: string | null } | null = null;
  if (shown?.kind === 'notSaved') {
    verdict = { view: notSavedView(shown.message), feedback: 'notSaved', checkNote: null, serverNote: null };
  } else if (shown?.kind === 'scan' && loaded && !checking) {
    const answered = shown.verify?.kind === 'answered' ? shown.verify.row : null;
    const localNote = loaded.scan.state === 'local' ? null : describeScanState(loaded.scan, blocked?.service === 'Tonic');
    verdict = answered
      ? { view: describeServerAnswer(answered), feedback: serverAnswerFeedback(answered), checkNote: verifyNote('answered', verifyTimeoutMs), serverNote: null }
      : {
          view: describeVerdict(loaded.scan.verdict),
          feedback: feedbackOf(loaded.scan.verdict),
          checkNote: shown.verify?.kind === 'timeout' ? verifyNote('timeout', verifyTimeoutMs) : null,
          serverNote: localNote,
        };
  }
  useVerdictFeedback(verdict ? shownKey : null, verdict?.feedback ?? null, preferences);
  const listed = loaded ? listedGuestOf(loaded.scan.verdict) : null;

  return (
    <main className={`scan-screen${direction === 'out' ? ' checking-out' : ''}`}>
      <SyncStatusBar
        deviceName={settings.config.deviceName}
        venueTimeZone={settings.config.venueTimeZone}
        online={online}
        waiting={waiting}
        status={status}
        backlog={backlog}
        onResume={() => void engine.resumeSync()}
        onMenu={() => setMenuOpen(true)}
        occurrence={occurrenceDate ? occurrenceLabel(occurrenceDate, occurrence?.start ?? null) : null}
        blocked={blocked}
        onReopen={() => window.location.reload()}
        guestList={guestList}
      />
      <MappingNotice notice={mappingNotice ?? null} />
      <section className="camera" aria-label="Camera">
        <video ref={videoRef} className="camera-video" muted playsInline autoPlay data-testid="camera-video" />
        {camera.state.kind === 'running' && <div className="camera-hint">Point the camera at the ticket's code · {camera.state.engine}</div>}
        {camera.state.kind === 'running' && camera.state.decoderHealth !== 'ok' && (
          <div className="camera-problem" role="status" data-testid="decoder-health">
            {DECODER_HEALTH[camera.state.decoderHealth]}
          </div>
        )}
        {camera.state.kind === 'paused' && <div className="camera-problem">The camera is paused. Hardware scanners and typed references still work.</div>}
        {camera.state.kind === 'starting' && <div className="camera-hint">Starting camera…</div>}
        {camera.state.kind === 'stopped' && <CameraStoppedNotice state={camera.state} onStart={() => void camera.start()} />}
        {checking && <CheckingOverlay timeoutMs={verifyTimeoutMs} />}
        {verdict && (
          <VerdictOverlay
            view={verdict.view}
            guestName={listed?.name ?? loaded?.ticket?.guestName ?? null}
            reference={listed?.reference ?? loaded?.ticket?.reference ?? null}
            ticketType={listed?.ticketType ?? null}
            serverNote={verdict.serverNote}
            checkNote={verdict.checkNote}
            windowCount={loaded?.count ? { count: loaded.count.windowCheckedInCount, fetchedAt: loaded.count.fetchedAt } : null}
            onDismiss={dismiss}
            frameAt={shown?.kind === 'scan' ? shown.frameAt : null}
          />
        )}
        <CameraControls
          running={camera.state.kind === 'running'}
          paused={camera.state.kind === 'paused'}
          canSwitch={camera.state.kind === 'running' && camera.state.cameraCount > 1}
          torch={camera.state.kind === 'running' ? { available: camera.state.torchAvailable, on: camera.state.torchOn } : { available: false, on: false }}
          onPause={camera.pause}
          onResume={() => void camera.start()}
          onSwitch={() => void camera.switchCamera()}
          onTorch={(on) => void camera.setTorch(on)}
        />
      </section>
      <div className="scan-tools">
        <DirectionSwitch direction={direction} onChange={setDirection} />
        {direction === 'out' && <p className="out-hint">Checking guests OUT. Switch back to In when you are done.</p>}
      </div>
      <ManualEntry onSubmit={(text) => void record(text, 'manual', null)} actionLabel={direction === 'out' ? 'Check out' : 'Check in'} />
      <RecentScans scans={recent} blocked={blocked?.service === 'Tonic'} />
      {menuOpen && <MainMenu current="/" onGo={(path) => (path === '/' ? setMenuOpen(false) : navigate(path))} onClose={() => setMenuOpen(false)} />}
    </main>
  );
}
