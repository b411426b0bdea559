// Settings → Clone this setup: show this device's setup QR (behind the kiosk PIN: it carries the credentials), or take another's.
// A gateway setup is never copied: its device token is this door's own, so the organiser enrols each new door instead.
import { useState } from 'react';
import type { SettingsRow } from '../engine/viewTypes.ts';
import { nextDeviceName, nextDoorSetup, setupQrText } from '../settings/setupQr.ts';
import { SetupQrCode } from '../ui/SetupQrCode.tsx';
import { TextField } from '../ui/SettingsFields.tsx';
import { KioskPinPrompt } from './KioskPinPrompt.tsx';
import { SetupQrScanner } from './SetupQrScanner.tsx';
import { SetupServerCheck } from './SetupServerCheck.tsx';
import type { SetupConfig } from '../contracts/setupLink.ts';

type SectionState = 'idle' | 'needPin' | 'askPin' | 'showing' | 'scanning' | { applied: SetupConfig };

export function SetupQrSection({ settings, pinHash, onSetUpFromQr }: { settings: SettingsRow; pinHash: string | null; onSetUpFromQr: () => void }) {
  const [state, setState] = useState<SectionState>('idle');
  const [cloneName, setCloneName] = useState(() => nextDeviceName(settings.config.deviceName));
  const next = nextDoorSetup(settings.config, cloneName);
  const nameField = (
    <TextField
      label="Name for the new device"
      value={cloneName}
      onChange={setCloneName}
      error={next.kind === 'invalid' ? next.message : undefined}
      hint="Each door has its own name: Tonic and the door staff see it."
    />
  );

  return (
    <section className="settings-section" aria-labelledby="settings-clone">
      <h2 id="settings-clone">Clone this setup</h2>
      {next.gateway ? (
        <p className="settings-hint" data-testid="clone-needs-organiser">
          This device is set up through the organiser's gateway, with a key that belongs to this door alone, so its setup is never copied to another device. Each new
          door needs its own setup link from the organiser: they run the line below on the gateway, then open the link it prints on the new device (or scan its code).
        </p>
      ) : (
        <p className="settings-hint">
          Set up the next door from this one: on the new device, tap <em>Scan a setup QR code</em> and point it at this device's setup QR. The code carries this device's
          credentials, so showing it needs the kiosk PIN.
        </p>
      )}
      {next.gateway && state !== 'scanning' && (
        <div className="setup-qr-panel">
          {nameField}
          {next.kind === 'enrol' && (
            <>
              <p className="enrol-label">For the organiser, to run on the gateway:</p>
              <pre className="enrol-command" data-testid="enrol-command">
                {/* Word by word, so a narrow screen wraps between words, never inside "--name". */}
                {next.command.split(' ').map((word, index) => (
                  <span key={index}>
                    {index > 0 && ' '}
                    <span className="enrol-word">{word}</span>
                  </span>
                ))}
              </pre>
            </>
          )}
        </div>
      )}
      {state === 'showing' && !next.gateway ? (
        <div className="setup-qr-panel">
          {nameField}
          {next.kind === 'copy' && <SetupQrCode text={setupQrText(window.location.origin, next.config)} deviceName={next.config.deviceName} />}
          <button type="button" className="big-button" onClick={() => setState('idle')}>
            Hide setup QR
          </button>
        </div>
      ) : state === 'scanning' ? (
        <SetupQrScanner
          current={settings.config}
          onApplied={(config) => {
            setState({ applied: config });
            onSetUpFromQr();
          }}
          onCancel={() => setState('idle')}
        />
      ) : state === 'askPin' && pinHash && !next.gateway ? (
        <KioskPinPrompt pinHash={pinHash} prompt="Kiosk PIN to show the setup QR" submitLabel="Show setup QR" onUnlocked={() => setState('showing')} onCancel={() => setState('idle')} />
      ) : (
        <>
          {state === 'needPin' && (
            <p className="notice notice-bad" role="alert" data-testid="setup-qr-needs-pin">
              <span aria-hidden="true">! </span>
              Set a kiosk PIN first (under Kiosk, above): the setup QR carries this device's credentials.
            </p>
          )}
          {typeof state === 'object' && (
            <>
              <p className="state-line state-ok" role="status">
                <span aria-hidden="true">✓ </span>
                This device is now set up as {state.applied.deviceName}.
              </p>
              <SetupServerCheck config={state.applied} />
            </>
          )}
          <div className="button-row">
            {!next.gateway && (
              <button type="button" className="big-button" onClick={() => setState(pinHash ? 'askPin' : 'needPin')}>
                Show setup QR
              </button>
            )}
            <button type="button" onClick={() => setState('scanning')}>
              Set up from another device's QR
            </button>
          </div>
        </>
      )}
    </section>
  );
}
