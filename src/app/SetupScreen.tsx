// /setup#config=…: validates the setup link and takes the secrets out of the address bar at once. An empty device is set
// up straight away; a device that already has a setup asks for the kiosk PIN (when one is set), shows what would change
// and waits for Use this setup. Then one call to each server says whether it can be reached.
import { useEffect, useRef, useState } from 'react';
import type { SettingsRow } from '../engine/viewTypes.ts';
import { parseSetupFragment, type SetupConfig } from '../contracts/setupLink.ts';
import { useEngine } from './engineContext.ts';
import { useInstallPrompt } from './useInstallPrompt.ts';
import { InstallPrompt } from '../ui/InstallPrompt.tsx';
import { KioskPinPrompt } from './KioskPinPrompt.tsx';
import { SetupConfirm } from './SetupConfirm.tsx';
import { SetupServerCheck } from './SetupServerCheck.tsx';
import './settings.css';

type SetupState =
  | { kind: 'working' }
  | { kind: 'invalid'; message: string }
  | { kind: 'pin'; config: SetupConfig; current: SettingsRow }
  | { kind: 'confirm'; config: SetupConfig; current: SettingsRow; applying: boolean; failed: string | null }
  | { kind: 'kept'; current: SettingsRow }
  | { kind: 'done'; config: SetupConfig }
  | { kind: 'failed'; message: string };

const storeFailed = (error: unknown) => `This device could not store its setup (${error instanceof Error ? error.message : String(error)}).`;

const host = (url: string) => {
  try {
    return new URL(url, window.location.origin).host;
  } catch {
    return url;
  }
};

export function SetupScreen({ navigate }: { navigate: (path: string) => void }) {
  const engine = useEngine();
  const [state, setState] = useState<SetupState>({ kind: 'working' });
  const installOffer = useInstallPrompt();

  const linkRead = useRef(false);

  useEffect(() => {
    const readLink = () => {
      if (window.location.hash === '' && linkRead.current) return; // StrictMode's second mount: this link was read
      linkRead.current = true;
      const parsed = parseSetupFragment(window.location.hash);
      // The fragment carries credentials: drop it from the address bar and history whatever it held, before any question.
      window.history.replaceState(null, '', '/setup');
      if (!parsed.ok) {
        setState({ kind: 'invalid', message: parsed.message });
        return;
      }
      const { config } = parsed;
      setState({ kind: 'working' });
      engine.currentSettings().then(
        (current) => {
          if (current) {
            // A setup is replaced only by someone who may: the kiosk PIN first, then what changes, then a tap.
            setState(current.preferences?.kioskPinHash ? { kind: 'pin', config, current } : { kind: 'confirm', config, current, applying: false, failed: null });
            return;
          }
          engine.setUp(config).then(
            () => setState({ kind: 'done', config }),
            (error: unknown) => setState({ kind: 'failed', message: storeFailed(error) }),
          );
        },
        (error: unknown) => setState({ kind: 'failed', message: `This device could not read its current setup (${error instanceof Error ? error.message : String(error)}). Nothing was changed.` }),
      );
    };
    readLink();
    // Opening another setup link while on /setup changes only the fragment: no reload, so listen for it.
    window.addEventListener('hashchange', readLink);
    return () => window.removeEventListener('hashchange', readLink);
  }, [engine]);

  const replace = (config: SetupConfig, current: SettingsRow) => {
    setState({ kind: 'confirm', config, current, applying: true, failed: null });
    engine.setUp(config).then(
      () => setState({ kind: 'done', config }),
      (error: unknown) => setState({ kind: 'confirm', config, current, applying: false, failed: `${storeFailed(error)} Nothing was changed.` }),
    );
  };

  return (
    <main className="page settings">
      <h1>Set up this device</h1>
      {state.kind === 'working' && <p>Reading the setup link…</p>}
      {state.kind === 'invalid' && (
        <div className="notice notice-bad" role="alert" data-testid="setup-error">
          <p>{state.message}</p>
          <p>Nothing on this device was changed. Ask your organiser for a fresh setup link or setup QR.</p>
        </div>
      )}
      {state.kind === 'failed' && (
        <div className="notice notice-bad" role="alert" data-testid="setup-error">
          <p>{state.message}</p>
        </div>
      )}
      {state.kind === 'pin' && state.current.preferences?.kioskPinHash && (
        <KioskPinPrompt
          pinHash={state.current.preferences.kioskPinHash}
          prompt={`This device is set up as ${state.current.config.deviceName}. Kiosk PIN to replace its setup`}
          submitLabel="Continue"
          onUnlocked={() => setState({ kind: 'confirm', config: state.config, current: state.current, applying: false, failed: null })}
          onCancel={() => setState({ kind: 'kept', current: state.current })}
        />
      )}
      {state.kind === 'confirm' && (
        <SetupConfirm
          heading="Setup link read."
          current={state.current.config}
          config={state.config}
          applying={state.applying}
          failedMessage={state.failed}
          onConfirm={() => replace(state.config, state.current)}
          onCancel={() => setState({ kind: 'kept', current: state.current })}
        />
      )}
      {state.kind === 'kept' && (
        <div className="notice notice-ok" role="status" data-testid="setup-kept">
          <p>
            Nothing was changed. This device is still <strong>{state.current.config.deviceName}</strong>.
          </p>
          <button type="button" className="big-button" onClick={() => navigate('/')}>
            Back to scanning
          </button>
        </div>
      )}
      {state.kind === 'done' && (
        <div className="notice notice-ok" data-testid="setup-done">
          <p>
            This device is now <strong>{state.config.deviceName}</strong>.
          </p>
          <dl className="facts">
            <dt>Event</dt>
            <dd>{state.config.tonic.eventId}</dd>
            <dt>Check-ins go to</dt>
            <dd>{host(state.config.tonic.baseUrl)}</dd>
            <dt>Venue time zone</dt>
            <dd>{state.config.venueTimeZone}</dd>
            <dt>RunSignup counts</dt>
            <dd>{state.config.runsignup ? `ticket event ${state.config.runsignup.ticketEventId}` : 'off'}</dd>
          </dl>
          <button type="button" className="big-button" onClick={() => navigate('/')}>
            Start scanning
          </button>
        </div>
      )}
      {state.kind === 'done' && <SetupServerCheck config={state.config} />}
      {state.kind === 'done' && installOffer.canInstall && <InstallPrompt onInstall={() => void installOffer.install()} onDismiss={installOffer.dismiss} />}
    </main>
  );
}
