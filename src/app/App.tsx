// The app shell: picks the screen from the path, shows the update prompt.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { SettingsRow } from '../engine/viewTypes.ts';
import { ActivityScreen } from './ActivityScreen.tsx';
import { CountsScreen } from './CountsScreen.tsx';
import { EventScreen } from './EventScreen.tsx';
import { KioskContext } from './KioskContext.ts';
import { KioskSettingsGate } from './KioskSettingsGate.tsx';
import { NotSetUpScreen } from './NotSetUpScreen.tsx';
import { PreDoorsScreen } from './PreDoorsScreen.tsx';
import { isScreenPath, type ScreenPath } from './routes.ts';
import { ScanScreen } from './ScanScreen.tsx';
import { SearchScreen } from './SearchScreen.tsx';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';
import { SettingsScreen } from './SettingsScreen.tsx';
import { SetupScreen } from './SetupScreen.tsx';
import { UpdatePrompt } from './UpdatePrompt.tsx';
import { useKiosk } from './useKiosk.ts';

type ScreenProps = { settings: SettingsRow; navigate: (path: string) => void };

/** Every screen but Scan and Setup, by path. */
const OTHER_SCREENS: Record<Exclude<ScreenPath, '/'>, (props: ScreenProps) => ReactNode> = {
  '/event': (props) => <EventScreen {...props} />,
  '/counts': (props) => <CountsScreen {...props} />,
  '/search': (props) => <SearchScreen {...props} />,
  '/activity': (props) => <ActivityScreen {...props} />,
  '/check': (props) => <PreDoorsScreen {...props} />,
  '/settings': (props) => <SettingsScreen {...props} />,
};

export function App({ update }: { update: { ready: boolean; apply: () => void } }) {
  const engine = useEngine();
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: string) => {
    window.history.pushState(null, '', next);
    setPath(next);
  }, []);
  const settings = useLive(() => engine.live.settings(), [engine]);
  const [verdictOnScreen, setVerdictOnScreen] = useState(false);
  const kiosk = useKiosk(settings, path, navigate);

  const other = isScreenPath(path) && path !== '/' ? OTHER_SCREENS[path] : undefined;
  let screen;
  if (path === '/setup') screen = <SetupScreen navigate={navigate} />;
  else if (settings === undefined) screen = null; // still reading the database: a blink, not a "not set up" flash
  else if (settings === null) screen = <NotSetUpScreen navigate={navigate} />;
  else if (path === '/settings' && kiosk.settingsLocked && settings.preferences?.kioskPinHash)
    screen = <KioskSettingsGate pinHash={settings.preferences.kioskPinHash} onUnlocked={kiosk.unlockSettings} navigate={navigate} />;
  else if (other) screen = other({ settings, navigate });
  else screen = <ScanScreen settings={settings} navigate={navigate} onVerdictShown={setVerdictOnScreen} />;

  return (
    <KioskContext.Provider value={kiosk}>
      {update.ready && <UpdatePrompt apply={update.apply} verdictOnScreen={path !== '/setup' && !other && verdictOnScreen} />}
      {screen}
    </KioskContext.Provider>
  );
}
