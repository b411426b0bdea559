// The backlog draining (src/reports/backlogProgress.ts), as the app's one tracker sees it: the same on every screen.
import { useSyncExternalStore } from 'react';
import type { BacklogView } from '../reports/backlogProgress.ts';
import { useEngine } from './engineContext.ts';

export function useBacklogProgress(): BacklogView | null {
  const { backlog } = useEngine();
  return useSyncExternalStore(backlog.subscribe, backlog.current);
}
