// The top bar's guest list line, live: the list's state and the door's occurrence's count, re-read as they change and
// its age re-told every minute.
import type { GuestListBar, SettingsRow } from '../engine/viewTypes.ts';
import { useEngine } from './engineContext.ts';
import { useLive } from './useLive.ts';
import { useMinuteClock } from './useMinuteClock.ts';

export function useGuestListBar(settings: SettingsRow): GuestListBar | null {
  const engine = useEngine();
  const now = useMinuteClock();
  // The minute is a dependency: the door's date (today, when none is chosen) moves at midnight, and the list's age on.
  return useLive(() => engine.live.guestListBar(settings.config, now), [engine, settings, now]) ?? null;
}
