// Whether the browser promised to keep this site's storage (navigator.storage.persisted) and how much room is left.
import { useEffect, useState } from 'react';

export interface StorageState {
  persisted: boolean | null; // null: the browser cannot say
  freeBytes: number | null;
}

export function useStoragePersistence(): StorageState {
  const [state, setState] = useState<StorageState>({ persisted: null, freeBytes: null });
  useEffect(() => {
    let live = true;
    const storage = navigator.storage;
    void Promise.all([storage?.persisted?.().catch(() => null) ?? null, storage?.estimate?.().catch(() => null) ?? null]).then(([persisted, estimate]) => {
      if (!live) return;
      const free = estimate?.quota !== undefined && estimate.usage !== undefined ? estimate.quota - estimate.usage : null;
      setState({ persisted: persisted ?? null, freeBytes: free });
    });
    return () => {
      live = false;
    };
  }, []);
  return state;
}
