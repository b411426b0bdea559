// React access to the one DoorlistServices instance made at start-up.
import { createContext, useContext } from 'react';
import type { DoorlistServices } from '../engine/doorlistServices.ts';

export const ServicesContext = createContext<DoorlistServices | null>(null);

export function useServices(): DoorlistServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}
