// /setup#config=…: validates the setup link, stores it, and takes the secrets out of the address bar.
import { useEffect, useRef, useState } from 'react';
import { parseSetupFragment, type SetupConfig } from '../settings/setupLink.ts';
import { useServices } from './servicesContext.ts';
import { useInstallPrompt } from './useInstallPrompt.ts';
import { InstallPrompt } from '../ui/InstallPrompt.tsx';

type SetupState = { kind: 'working' } | { kind: 'done'; config: SetupConfig } | { kind: 'invalid'; message: string } | { kind: 'failed'; message: string };

const host = (url: string) => {
  try {
    return new URL(url, window.location.origin).host;
  } catch {
    return url;
  }
};

export function SetupScreen({ navigate }: { navigate: (path: string) => void }) {
  const services = useServices();
  const [state, setState] = useState<SetupState>({ kind: 'working' });
  const installOffer = useInstallPrompt();

  const linkRead = useRef(false);

  useEffect(() => {
    const readLink = () => {
      if (window.location.hash === '' && linkRead.current) return; // StrictMode's second mount: this link was read
      linkRead.current = true;
      const parsed = parseSetupFragment(window.location.hash);
      // The fragment carries credentials: drop it from the address bar and history whatever it held.
      window.history.replaceState(null, '', '/setup');
      if (!parsed.ok) {
        setState({ kind: 'invalid', message: parsed.message });
        return;
      }
      setState({ kind: 'working' });
      services.setUp(parsed.config).then(
        () => setState({ kind: 'done', config: parsed.config }),
        (error: unknown) => setState({ kind: 'failed', message: `This device could not store its setup (${error instanceof Error ? error.message : String(error)}).` }),
      );
    };
    readLink();
    // Opening another setup link while on /setup changes only the fragment: no reload, so listen for it.
    window.addEventListener('hashchange', readLink);
    return () => window.removeEventListener('hashchange', readLink);
  }, [services]);

  return (
    <main className="page">
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
      {state.kind === 'done' && installOffer.canInstall && <InstallPrompt onInstall={() => void installOffer.install()} onDismiss={installOffer.dismiss} />}
    </main>
  );
}
