// Start-up: the engine, sync, service worker registration, first render.
import '../zodWithoutEval.ts';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App.tsx';
import './app.css';
import { browserEngineDeps } from '../engine/browserEngineDeps.ts';
import { createEngine } from '../engine/createEngine.ts';
import { EngineContext } from './engineContext.ts';
import { StorageProblemScreen } from './StorageProblemScreen.tsx';
import { captureInstallOffer } from './useInstallPrompt.ts';

captureInstallOffer();
const engine = createEngine(browserEngineDeps());
// The database must open before anything is scanned; if it cannot, the door is told and nothing else runs.
const storageProblem: Promise<string | null> = engine.open().then(
  () => {
    engine.start();
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
    <EngineContext.Provider value={engine}>
      <App update={{ ready, apply: () => applyUpdate?.() }} />
    </EngineContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
