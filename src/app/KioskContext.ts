// The app's one kiosk controller (mounted in App), for the screens that show or change kiosk mode.
import { createContext, useContext } from 'react';
import type { KioskControl } from './useKiosk.ts';

export const KioskContext = createContext<KioskControl | null>(null);

export function useKioskControl(): KioskControl {
  const kiosk = useContext(KioskContext);
  if (!kiosk) throw new Error('useKioskControl outside <KioskContext.Provider>');
  return kiosk;
}
