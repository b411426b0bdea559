// Shown until the device has been set up: open the organiser's setup link, or scan a setup QR code with this camera.
import { useState } from 'react';
import { SetupQrScanner } from './SetupQrScanner.tsx';
import './settings.css';

export function NotSetUpScreen({ navigate }: { navigate: (path: string) => void }) {
  const [scanning, setScanning] = useState(false);
  return (
    <main className="page settings">
      <h1>Doorlist</h1>
      <div className="notice" data-testid="not-set-up">
        <p>This device is not set up yet.</p>
        <p>Open the setup link your organiser sent you (it contains /setup#config=), or scan a setup QR code: from your organiser, or from another door's Settings (Show setup QR).</p>
      </div>
      {scanning ? (
        <SetupQrScanner current={null} onApplied={() => navigate('/')} onCancel={() => setScanning(false)} />
      ) : (
        <div className="button-row">
          <button type="button" className="big-button" onClick={() => setScanning(true)}>
            Scan a setup QR code
          </button>
        </div>
      )}
    </main>
  );
}
