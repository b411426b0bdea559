// Before a setup replaces this device's (a setup link, a setup QR): what it sets and what it changes, the scans still
// waiting to send, and Use this setup / Cancel. A first setup on an empty device is shown the same way by the QR reader.
import { summariseSetup } from '../settings/setupQr.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { SetupFacts } from '../ui/SetupFacts.tsx';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';

export function SetupConfirm({
  heading,
  current,
  config,
  applying,
  failedMessage,
  onConfirm,
  onCancel,
}: {
  heading: string;
  current: SetupConfig | null;
  config: SetupConfig;
  applying: boolean;
  failedMessage: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const engine = useEngine();
  const waiting = useLive(() => engine.live.waiting(), [engine], 0);
  return (
    <section className="setup-qr-scanner notice notice-ok" aria-label={heading} data-testid="setup-confirm">
      <p>
        <span aria-hidden="true">✓ </span>
        <strong>{heading}</strong> {current ? `It replaces this device's setup (${current.deviceName}) with:` : 'It will set this device up as:'}
      </p>
      <SetupFacts facts={summariseSetup(config, current)} />
      {current && waiting > 0 && (
        <p className="notice notice-warn" role="status" data-testid="setup-confirm-waiting">
          <span aria-hidden="true">! </span>
          {waiting.toLocaleString('en-GB')} scan{waiting === 1 ? ' is' : 's are'} waiting to send. They keep their door name and time, and are sent with the new setup
          {config.tonic.baseUrl === current.tonic.baseUrl ? '.' : ' to its server.'}
        </p>
      )}
      {current && waiting === 0 && <p className="settings-hint">Scans waiting to send keep their door name and time, and are sent with the new setup.</p>}
      {failedMessage && (
        <p className="notice notice-bad" role="alert">
          {failedMessage}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="big-button" disabled={applying} onClick={onConfirm}>
          {applying ? 'Setting up…' : 'Use this setup'}
        </button>
        <button type="button" disabled={applying} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
