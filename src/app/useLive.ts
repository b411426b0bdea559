// A live query of the engine as React state: subscribed while the component is shown, again when `deps` change.
// Until the first answer it is `initial` (undefined when none is given: "still reading", not "empty"); after a change of
// `deps` it keeps the previous answer until the new query answers, so a screen never blinks empty between two reads.
// A query that fails throws during render, as dexie-react-hooks' useLiveQuery did: a screen never shows a frozen value.
import { useEffect, useState, type DependencyList } from 'react';
import type { Live } from '../engine/live.ts';

export function useLive<T>(query: () => Live<T>, deps: DependencyList): T | undefined;
export function useLive<T>(query: () => Live<T>, deps: DependencyList, initial: T): T;
export function useLive<T>(query: () => Live<T>, deps: DependencyList, initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  useEffect(
    () => {
      setFailure(null);
      return query().subscribe(
        (next) => setValue(() => next),
        (error) => setFailure({ error }),
      );
    },
    deps, // the caller's: the query's inputs
  );
  if (failure) throw failure.error;
  return value;
}
