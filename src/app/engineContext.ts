// React access to the one engine made at start-up (engine/createEngine.ts): its commands and live queries.
import { createContext, useContext } from 'react';
import type { DoorlistEngine } from '../engine/createEngine.ts';

export const EngineContext = createContext<DoorlistEngine | null>(null);

export function useEngine(): DoorlistEngine {
  const engine = useContext(EngineContext);
  if (!engine) throw new Error('useEngine outside <EngineContext.Provider>');
  return engine;
}
