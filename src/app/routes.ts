// The app's screens by path, in menu order. The setup link's path (/setup) is a public contract; the others are ours.
export type ScreenPath = '/' | '/event' | '/counts' | '/search' | '/activity' | '/check' | '/settings';

export interface ScreenEntry {
  path: ScreenPath;
  /** The menu's words for it. */
  label: string;
  /** One line under the label, for a steward who has never seen the app. */
  hint: string;
}

export const SCREENS: readonly ScreenEntry[] = [
  { path: '/', label: 'Scan', hint: 'Check guests in and out' },
  { path: '/search', label: 'Find a guest', hint: 'By name or reference, also offline' },
  { path: '/event', label: 'Event', hint: 'Which performance this door checks in' },
  { path: '/counts', label: 'Counts', hint: 'Checked in, sold, and what is still sending' },
  { path: '/activity', label: 'Activity', hint: 'Every scan, problems to handle, export' },
  { path: '/check', label: 'Pre-doors check', hint: 'Is this device ready for doors?' },
  { path: '/settings', label: 'Settings', hint: 'Sound, kiosk mode, setup QR, credentials' },
];

export const isScreenPath = (path: string): path is ScreenPath => SCREENS.some((screen) => screen.path === path);
