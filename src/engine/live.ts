// A live query: a value the engine re-reads whenever the data under it changes, and hands to whoever subscribes.
// Screens subscribe through app/useLive.ts; they never see Dexie's observable or a table.
import { liveQuery } from 'dexie';

export interface Live<T> {
  /** Calls `onValue` with the current value, and again after every change; returns the unsubscribe. */
  subscribe(onValue: (value: T) => void, onError?: (error: unknown) => void): () => void;
}

/** A live query over the device database: `read` runs again whenever a table it read from changes. */
export function live<T>(read: () => Promise<T>): Live<T> {
  return {
    subscribe(onValue, onError = () => undefined) {
      const subscription = liveQuery(read).subscribe({ next: onValue, error: onError });
      return () => subscription.unsubscribe();
    },
  };
}

/** A value that never changes, as a live query (a screen with nothing to look up). */
export function constantLive<T>(value: T): Live<T> {
  return {
    subscribe(onValue) {
      onValue(value);
      return () => undefined;
    },
  };
}
