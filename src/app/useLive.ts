// A live query of the engine as React state: subscribed while the component is shown, again when `deps` change.
// Until the first answer it is `initial` (undefined when none is given: "still reading", not "empty"); after a change of
// `deps` it keeps the previous answer until the new query answers, so a screen never blinks empty between two reads.
import { useEffect, useState, type DependencyList } from 'react';
import type { Live } from '../engine/live.ts';

export function useLive<T>(query: () => Live<T>, deps: DependencyList): T | undefined;
export function useLive<T>(query: () => Live<T>, deps: DependencyList, initial: T): T;
export function useLive<T>(query: () => Live<T>, deps: DependencyList, initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  useEffect(
    () => query().subscribe(setValue, (error) => console.warn('[doorlist] a live query failed', error)),
    deps, // the caller's: the query's inputs
  );
  return value;
}
