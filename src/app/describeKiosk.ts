// Kiosk states in words, icon and tone for Settings: is the screen being kept awake, is the app full screen.
import type { FullscreenState, WakeLockState } from './useKiosk.ts';

export interface KioskStateView {
  tone: 'ok' | 'warn' | 'bad';
  icon: string;
  text: string;
}

export function describeWakeLock(state: WakeLockState): KioskStateView {
  switch (state.kind) {
    case 'held':
      return { tone: 'ok', icon: '✓', text: 'The screen is being kept awake.' };
    case 'released':
      return { tone: 'warn', icon: '!', text: 'The screen is not kept awake while the app is hidden; it is kept awake again when the app is shown.' };
    case 'unsupported':
      return { tone: 'bad', icon: '✕', text: "This browser cannot keep the screen awake. Set the device's screen timeout to Never in its own settings." };
    case 'refused':
      return { tone: 'bad', icon: '✕', text: `The browser refused to keep the screen awake (${state.reason}). Check battery saver; it is tried again each time the app is shown.` };
    case 'off':
      return { tone: 'warn', icon: '○', text: 'The screen is not being kept awake (kiosk mode is off).' };
  }
}

export function describeFullscreen(state: FullscreenState): KioskStateView {
  switch (state) {
    case 'on':
      return { tone: 'ok', icon: '✓', text: 'Full screen.' };
    case 'off':
      return { tone: 'warn', icon: '!', text: 'Not full screen: the next touch makes it full screen.' };
    case 'refused':
      return { tone: 'bad', icon: '✕', text: 'The browser refused full screen; the next touch tries again.' };
    case 'unsupported':
      return { tone: 'bad', icon: '✕', text: "This browser cannot go full screen. On an iPhone or iPad, use Share → Add to Home Screen and open Doorlist from there." };
  }
}
