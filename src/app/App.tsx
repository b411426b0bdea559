// The app shell: picks the screen from the path, shows the update prompt.
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useState } from 'react';
import { ActivityScreen } from './ActivityScreen.tsx';
import { NotSetUpScreen } from './NotSetUpScreen.tsx';
import { ScanScreen } from './ScanScreen.tsx';
import { useServices } from './servicesContext.ts';
import { SetupScreen } from './SetupScreen.tsx';
import { UpdatePrompt } from './UpdatePrompt.tsx';

export function App({ update }: { update: { ready: boolean; apply: () => void } }) {
  const { db } = useServices();
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
  const settings = useLiveQuery(async () => (await db.settings.get('device')) ?? null, [db]);
  const [verdictOnScreen, setVerdictOnScreen] = useState(false);

  let screen;
  if (path === '/setup') screen = <SetupScreen navigate={navigate} />;
  else if (settings === undefined) screen = null; // still reading the database: a blink, not a "not set up" flash
  else if (settings === null) screen = <NotSetUpScreen />;
  else if (path === '/activity') screen = <ActivityScreen settings={settings} navigate={navigate} />;
  else screen = <ScanScreen settings={settings} navigate={navigate} onVerdictShown={setVerdictOnScreen} />;

  return (
    <>
      {update.ready && <UpdatePrompt apply={update.apply} verdictOnScreen={path !== '/setup' && path !== '/activity' && verdictOnScreen} />}
      {screen}
    </>
  );
}
