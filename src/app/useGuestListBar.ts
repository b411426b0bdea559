// The top bar's guest list line, live: the list's state and the door's occurrence's count, re-read as they change and
// its age re-told every minute.
import { useLiveQuery } from 'dexie-react-hooks';
import type { SettingsRow } from '../db/tables.ts';
import { guestListSourceOf } from '../guestlist/guestListSource.ts';
import { describeGuestListBar, readGuestListFacts, type GuestListBar } from '../guestlist/guestListStatus.ts';
import { useServices } from './servicesContext.ts';
import { useMinuteClock } from './useMinuteClock.ts';

export function useGuestListBar(settings: SettingsRow): GuestListBar | null {
  const { db } = useServices();
  const now = useMinuteClock();
  // The minute is a dependency: the door's date (today, when none is chosen) moves at midnight.
  const facts = useLiveQuery(
    () => readGuestListFacts(db, settings.config, guestListSourceOf(settings.config, window.location.origin), new Date(now)),
    [db, settings, Math.floor(now / 60_000)],
  );
  return facts ? describeGuestListBar(facts, now) : null;
}
