// Start-up: services, sync, service worker registration, first render.
import '../zodWithoutEval.ts';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App.tsx';
import './app.css';
import { createDoorlistServices } from '../engine/doorlistServices.ts';
import { ServicesContext } from './servicesContext.ts';
import { StorageProblemScreen } from './StorageProblemScreen.tsx';
import { captureInstallOffer } from './useInstallPrompt.ts';

captureInstallOffer();
const services = createDoorlistServices();
// The database must open before anything is scanned; if it cannot, the door is told and nothing else runs.
const storageProblem: Promise<string | null> = services.db.open().then(
  () => {
    services.startSync();
    return null;
  },
  (error: unknown) => {
    console.error('[doorlist] storage unavailable', error);
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  },
);

let applyUpdate: (() => void) | null = null;
let announceUpdate: (() => void) | null = null;
let updateWaiting = false;
if ('serviceWorker' in navigator) {
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh() {
      updateWaiting = true;
      announceUpdate?.();
    },
    onRegisterError(error: unknown) {
      console.warn('[doorlist] service worker registration failed', error);
    },
  });
  applyUpdate = () => {
    // On the page that first installed the worker, vite-plugin-pwa does not reload by itself: do it when the new one takes over.
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    void updateSW(true);
  };
}

function Root() {
  const [ready, setReady] = useState(updateWaiting);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    announceUpdate = () => setReady(true);
    void storageProblem.then(setProblem);
    return () => {
      announceUpdate = null;
    };
  }, []);
  if (problem) return <StorageProblemScreen detail={problem} />;
  return (
    <ServicesContext.Provider value={services}>
      <App update={{ ready, apply: () => applyUpdate?.() }} />
    </ServicesContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
