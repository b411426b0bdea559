// The engine's dependencies in a browser page: the one place the engine's platform is read from globals.
import { monotonicFactory } from 'ulid';
import { DoorlistDatabase } from '../db/database.ts';
import { browserCameraProbe } from '../readiness/browserCameraProbe.ts';
import type { EngineDeps } from './engineDeps.ts';

export function browserEngineDeps(): EngineDeps {
  const newId = monotonicFactory();
  return {
    db: new DoorlistDatabase(),
    now: () => new Date(),
    random: Math.random,
    newId: () => newId(),
    fetch: (input, init) => fetch(input, init),
    online: {
      isOnline: () => navigator.onLine,
      onOnline(listener) {
        window.addEventListener('online', listener);
        return () => window.removeEventListener('online', listener);
      },
    },
    timers: {
      setTimer: (callback, delayMs) => window.setTimeout(callback, delayMs),
      clearTimer: (handle) => window.clearTimeout(handle as number),
    },
    // The sync wakes when the network is back (`onBack` reschedules first) and when the page is shown again.
    onWake(wake, onBack) {
      const onVisible = () => {
        if (document.visibilityState === 'visible') wake();
      };
      window.addEventListener('online', onBack);
      document.addEventListener('visibilitychange', onVisible);
      return () => {
        window.removeEventListener('online', onBack);
        document.removeEventListener('visibilitychange', onVisible);
      };
    },
    origin: window.location.origin,
    pageUrl: () => window.location.href,
    locks: 'locks' in navigator ? navigator.locks : null,
    policyReports: document,
    serviceWorker: 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
    storage: navigator.storage ?? null,
    camera: browserCameraProbe(navigator.mediaDevices),
    secureContext: window.isSecureContext,
    log: (message, context) => console.warn(`[doorlist] ${message}`, context ?? ''),
  };
}
