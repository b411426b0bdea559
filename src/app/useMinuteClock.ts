// The time, refreshed every minute, for screens that say how old their data is ("updated 3 min ago").
import { useEffect, useState } from 'react';

const MINUTE_MS = 60_000;

/** Re-renders every minute so an age on a screen left open keeps telling the truth. */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), MINUTE_MS);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/** "just now", "12 min ago", "3 h ago"; null when there is no time to tell. */
export const ageText = (iso: string | null | undefined, now: number): string | null => {
  if (!iso) return null;
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / MINUTE_MS));
  return minutes < 1 ? 'just now' : minutes < 120 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ago`;
};
