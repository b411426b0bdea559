// Hardware scanners that "type" their code: fast keystrokes ending in Enter (or a short pause) become one scan.
// People type far slower than scanners, and keystrokes into a text field are never taken.

export interface WedgeKey {
  key: string;
  timeStamp: number; // ms: when the key was pressed (the event's own time)
  /** When the page handled it (performance.now()); defaults to timeStamp. Behind a stalled page it is later. */
  receivedAt?: number;
  intoEditableField: boolean;
  withModifier: boolean; // Ctrl/Alt/Meta held: a shortcut, not a scanner
}

export interface WedgeOptions {
  /** Longest gap between two scanner keystrokes. Scanners type 1-20 ms apart; people 80 ms and up. */
  maxKeyGapMs: number;
  /** Shortest code a scanner sends that we take. */
  minLength: number;
  /** Scanners set up without an Enter suffix: this long a pause after a fast burst ends the code. */
  endPauseMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxKeyGapMs: 45, minLength: 4, endPauseMs: 120 };

export interface WedgeReader {
  /** Feeds one keydown; returns the scanned code when this key completes one. */
  key(event: WedgeKey): string | null;
  /**
   * Called when no key was handled for `endPauseMs`; returns a code if a fast burst was pending. The pause counts from
   * when the last key was handled, not pressed: keys queued behind a stalled page are still coming.
   */
  pause(now: number): string | null;
}

export function createWedgeReader(options: WedgeOptions = DEFAULT_WEDGE_OPTIONS): WedgeReader {
  let buffer = '';
  let lastKeyAt = -Infinity;
  let lastReceivedAt = -Infinity;

  const take = (): string | null => {
    const code = buffer;
    buffer = '';
    return code.length >= options.minLength ? code : null;
  };

  return {
    key(event) {
      if (event.intoEditableField || event.withModifier) {
        buffer = '';
        return null;
      }
      const gap = event.timeStamp - lastKeyAt;
      lastKeyAt = event.timeStamp;
      lastReceivedAt = event.receivedAt ?? event.timeStamp;
      if (event.key === 'Enter' || event.key === 'Tab') {
        return gap <= options.maxKeyGapMs ? take() : ((buffer = ''), null);
      }
      if (event.key.length !== 1) return null; // Shift, arrows, F-keys: not part of a code
      if (gap > options.maxKeyGapMs) buffer = ''; // too slow to be the same scan: start again from this key
      buffer += event.key;
      return null;
    },
    pause(now) {
      if (buffer.length === 0 || now - lastReceivedAt < options.endPauseMs) return null;
      return take();
    },
  };
}
