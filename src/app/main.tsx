// Start-up: services, sync, service worker registration, first render.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App.tsx';
import './app.css';
import { createDoorlistServices } from './doorlistServices.ts';
import { ServicesContext } from './servicesContext.ts';

const services = createDoorlistServices();
services.startSync();

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
  applyUpdate = () => void updateSW(true);
}

function Root() {
  const [ready, setReady] = useState(updateWaiting);
  useEffect(() => {
    announceUpdate = () => setReady(true);
    return () => {
      announceUpdate = null;
    };
  }, []);
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
