// Sets this device up from a setup QR code: the camera reads it, staff see what it will set (never the secrets) and confirm.
import { useRef, useState } from 'react';
import { readSetupCode } from '../settings/setupQr.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { SetupConfirm } from './SetupConfirm.tsx';
import { useEngine } from './engineContext.ts';
import { CameraStoppedNotice } from './CameraStoppedNotice.tsx';
import { useCameraScanner } from './useCameraScanner.ts';

type ScannerState =
  | { kind: 'scanning'; note: string | null }
  | { kind: 'found'; config: SetupConfig }
  | { kind: 'applying'; config: SetupConfig }
  | { kind: 'failed'; config: SetupConfig; message: string };

/** The camera, only while it is looking for a setup code (unmounting it stops the camera). */
function SetupQrCamera({ onText, onCancel }: { onText: (text: string) => void; onCancel: () => void }) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const camera = useCameraScanner(videoRef, (text) => onText(text));
  return (
    <div className="setup-qr-camera">
      <div className="setup-qr-video">
        <video ref={videoRef} muted playsInline autoPlay data-testid="setup-qr-video" />
        {camera.state.kind === 'stopped' && <CameraStoppedNotice state={camera.state} onStart={() => void camera.start()} />}
      </div>
      <p className="setup-qr-hint">
        {camera.state.kind === 'running' ? 'Point the camera at the setup QR code on the other device.' : camera.state.kind === 'starting' ? 'Starting camera…' : ''}
      </p>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

export function SetupQrScanner({ current, onApplied, onCancel }: { current: SetupConfig | null; onApplied: (config: SetupConfig) => void; onCancel: () => void }) {
  const engine = useEngine();
  const [state, setState] = useState<ScannerState>({ kind: 'scanning', note: null });

  const onText = (text: string) => {
    const reading = readSetupCode(text);
    if (reading.kind === 'setup') setState({ kind: 'found', config: reading.config });
    else if (reading.kind === 'unusable') setState({ kind: 'scanning', note: `${reading.message} Nothing was changed.` });
    else setState({ kind: 'scanning', note: 'That is not a setup code. On the other device, open Settings and tap Show setup QR.' });
  };

  const apply = (config: SetupConfig) => {
    setState({ kind: 'applying', config });
    engine.setUp(config).then(
      () => onApplied(config),
      (error: unknown) => setState({ kind: 'failed', config, message: `This device could not store the setup (${error instanceof Error ? error.message : String(error)}). Nothing was changed.` }),
    );
  };

  if (state.kind === 'scanning') {
    return (
      <section className="setup-qr-scanner" aria-label="Scan a setup QR code">
        {state.note && (
          <p className="notice notice-bad" role="alert" data-testid="setup-qr-note">
            <span aria-hidden="true">✕ </span>
            {state.note}
          </p>
        )}
        <SetupQrCamera onText={onText} onCancel={onCancel} />
      </section>
    );
  }
  return (
    <div data-testid="setup-qr-found">
      <SetupConfirm
        heading="Setup QR code read."
        current={current}
        config={state.config}
        applying={state.kind === 'applying'}
        failedMessage={state.kind === 'failed' ? state.message : null}
        onConfirm={() => apply(state.config)}
        onCancel={onCancel}
      />
    </div>
  );
}
