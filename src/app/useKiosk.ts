// Kiosk mode on a shared tablet: fullscreen, the screen kept awake (Screen Wake Lock, re-taken when the page is shown
// again), Settings behind the PIN, and back to Scan after a minute with no touch or key on any other screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SettingsRow } from '../engine/viewTypes.ts';
import { preferencesOf } from '../settings/preferences.ts';
import { useEngine } from './engineContext.ts';

/** A screen left open at the door (Settings, Activity…) goes back to Scan after this long untouched. */
export const IDLE_RETURN_MS = 60_000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'] as const;

export type WakeLockState =
  | { kind: 'off' }
  | { kind: 'held' }
  /** The browser let go of it (the page was hidden); it is taken again when the page is shown. */
  | { kind: 'released' }
  | { kind: 'unsupported' }
  | { kind: 'refused'; reason: string };

export type FullscreenState = 'on' | 'off' | 'unsupported' | 'refused';

export interface KioskControl {
  on: boolean;
  wakeLock: WakeLockState;
  fullscreen: FullscreenState;
  /** Settings asks for the PIN: kiosk mode is on, a PIN is set, and it has not been given since Settings was last left. */
  settingsLocked: boolean;
  unlockSettings: () => void;
  /** Call from a click: fullscreen needs the user's gesture, so it is asked for before anything is awaited. */
  enter: () => Promise<void>;
  leave: () => Promise<void>;
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function requestFullscreen(): Promise<FullscreenState> {
  const root = document.documentElement;
  if (!document.fullscreenEnabled || typeof root.requestFullscreen !== 'function') return Promise.resolve('unsupported');
  if (document.fullscreenElement) return Promise.resolve('on');
  return root.requestFullscreen().then(
    () => 'on' as const,
    (error: unknown) => {
      console.warn('[doorlist] kiosk: fullscreen refused', error);
      return 'refused' as const;
    },
  );
}

/** Holds a screen wake lock while `wanted`, taking it again whenever the page becomes visible (browsers drop it on hide). */
function useScreenWakeLock(wanted: boolean): WakeLockState {
  const [state, setState] = useState<WakeLockState>({ kind: 'off' });
  useEffect(() => {
    if (!wanted) {
      setState({ kind: 'off' });
      return;
    }
    if (!('wakeLock' in navigator) || typeof navigator.wakeLock?.request !== 'function') {
      setState({ kind: 'unsupported' });
      return;
    }
    let sentinel: WakeLockSentinel | null = null;
    let asking = false;
    let stopped = false;
    const acquire = async () => {
      if (stopped || asking || document.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
      asking = true;
      try {
        const taken = await navigator.wakeLock.request('screen');
        if (stopped) {
          await taken.release();
          return;
        }
        sentinel = taken;
        taken.addEventListener('release', () => {
          if (!stopped) setState({ kind: 'released' });
        });
        setState({ kind: 'held' });
      } catch (error) {
        // Battery saver, a hidden page, a permissions policy: say so; the next visibility change tries again.
        console.warn('[doorlist] kiosk: screen wake lock refused', error);
        if (!stopped) setState({ kind: 'refused', reason: describeError(error) });
      } finally {
        asking = false;
      }
    };
    void acquire();
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void acquire();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      sentinel?.release().catch((error: unknown) => console.warn('[doorlist] kiosk: could not release the wake lock', error));
    };
  }, [wanted]);
  return state;
}

export function useKiosk(settings: SettingsRow | null | undefined, path: string, navigate: (path: string) => void): KioskControl {
  const engine = useEngine();
  const preferences = preferencesOf(settings);
  const on = settings ? preferences.kioskMode : false;
  const wakeLock = useScreenWakeLock(on);
  const [fullscreen, setFullscreen] = useState<FullscreenState>('off');
  const [settingsUnlocked, setSettingsUnlocked] = useState(false);
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;

  const pinSet = preferences.kioskPinHash !== null;
  // Leaving Settings locks it again: the next person at the tablet meets the PIN. Settings opened with nothing to
  // ask (kiosk off, or no PIN yet) stays open while the PIN is set or kiosk mode turned on there.
  const loaded = settings !== undefined; // while the row is read, kiosk mode looks off: that must not open Settings
  useEffect(() => {
    if (path !== '/settings') setSettingsUnlocked(false);
    else if (loaded && (!on || !pinSet)) setSettingsUnlocked(true);
  }, [path, loaded, on, pinSet]);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement ? 'on' : 'off');
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  // After a reload (or a swipe out of fullscreen) the browser needs a gesture again: the next touch is one.
  useEffect(() => {
    if (!on) return;
    const onTouch = () => {
      if (!document.fullscreenElement) void requestFullscreen().then(setFullscreen);
    };
    window.addEventListener('pointerdown', onTouch, { capture: true });
    return () => window.removeEventListener('pointerdown', onTouch, { capture: true });
  }, [on]);

  useEffect(() => {
    if (!on || path === '/') return;
    let timer = window.setTimeout(() => navigateRef.current('/'), IDLE_RETURN_MS);
    const onActivity = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => navigateRef.current('/'), IDLE_RETURN_MS);
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [on, path]);

  const enter = useCallback(async () => {
    const asked = requestFullscreen(); // first, while the click's gesture still counts
    await engine.updatePreferences({ kioskMode: true });
    setFullscreen(await asked);
  }, [engine]);

  const leave = useCallback(async () => {
    await engine.updatePreferences({ kioskMode: false });
    if (document.fullscreenElement) {
      await document.exitFullscreen().catch((error: unknown) => console.warn('[doorlist] kiosk: could not leave fullscreen', error));
    }
    setFullscreen('off');
  }, [engine]);

  return {
    on,
    wakeLock,
    fullscreen,
    settingsLocked: on && pinSet && !settingsUnlocked,
    unlockSettings: useCallback(() => setSettingsUnlocked(true), []),
    enter,
    leave,
  };
}
