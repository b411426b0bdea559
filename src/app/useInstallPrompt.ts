// The browser's offer to install the app (Chromium's `beforeinstallprompt`), kept until staff take it or dismiss it.
import { useCallback, useEffect, useState } from 'react';

/** Not in TypeScript's DOM library: Chromium only. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

let offered: BeforeInstallPromptEvent | null = null;
const listeners = new Set<() => void>();
const announce = () => listeners.forEach((listener) => listener());

/** Called once at start-up, before React renders: the event can fire before any component listens. */
export function captureInstallOffer(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault(); // our own prompt, at a calm moment, instead of the browser's mini-bar
    offered = event as BeforeInstallPromptEvent;
    announce();
  });
  window.addEventListener('appinstalled', () => {
    offered = null;
    announce();
  });
}

export function useInstallPrompt(): { canInstall: boolean; install: () => Promise<'accepted' | 'dismissed' | 'unavailable'>; dismiss: () => void } {
  const [canInstall, setCanInstall] = useState(offered !== null);
  useEffect(() => {
    const update = () => setCanInstall(offered !== null);
    listeners.add(update);
    update();
    return () => void listeners.delete(update);
  }, []);
  const install = useCallback(async () => {
    const event = offered;
    if (!event) return 'unavailable' as const;
    offered = null; // an offer can be used once
    announce();
    await event.prompt();
    return (await event.userChoice).outcome;
  }, []);
  const dismiss = useCallback(() => {
    offered = null;
    announce();
  }, []);
  return { canInstall, install, dismiss };
}
