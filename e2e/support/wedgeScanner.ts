// A keyboard-wedge hardware scanner, as the browser meets one: keystrokes stamped by the device a few ms apart and
// queued all at once, however busy the page is. Playwright's keyboard.type waits for the page to handle each key
// before it creates the next, so on a loaded machine a page stall became a gap between keys that no scanner makes
// (a burst read as two "Not a ticket" scans, once in a while). CDP's Input.dispatchKeyEvent takes the event's time.
import type { Page } from '@playwright/test';

/** A typical USB scanner's gap between keystrokes. */
export const SCANNER_KEY_GAP_MS = 4;

export async function scannerTypes(page: Page, code: string, options: { enter?: boolean } = {}): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const keys = [...code].map((key) => ({ key, text: key }));
  if (options.enter) keys.push({ key: 'Enter', text: '\r' });
  // The burst has just happened: its last key is stamped now, never later (a real key is never stamped in the future;
  // a burst stamped ahead of the page's clock would end after the page's pause check and never be taken).
  const startS = Date.now() / 1000 - ((keys.length - 1) * SCANNER_KEY_GAP_MS + 1) / 1000;
  try {
    // Sent without waiting for each answer: the session keeps their order, and the page takes them as it can.
    await Promise.all(
      keys.flatMap(({ key, text }, index) => {
        const timestamp = startS + (index * SCANNER_KEY_GAP_MS) / 1000;
        const enter = key === 'Enter' ? { code: 'Enter', windowsVirtualKeyCode: 13 } : {};
        return [
          cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text, ...enter, timestamp }),
          cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, ...enter, timestamp: timestamp + 0.001 }),
        ];
      }),
    );
  } finally {
    await cdp.detach();
  }
}
