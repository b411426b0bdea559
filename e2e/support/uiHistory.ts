// Records, inside the page, everything the scan screen ever showed: each recent scan's state and each verdict title,
// so a test can assert what staff never saw (a scan shown as lost, an "Admitted" for a scan that was not saved).
import type { BrowserContext, Page } from '@playwright/test';

export interface UiHistory {
  /** `ticketId|state` for every state a recent-scan item ever had. */
  scanStates: string[];
  /** Every verdict title shown, in order of first appearance. */
  verdictTitles: string[];
}

const STORAGE_KEY = 'doorlist-e2e-ui-history';

/** Kept in sessionStorage so it survives reloads and navigations within the tab. */
export async function recordUiHistory(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript((key) => {
    let history: { scanStates: string[]; verdictTitles: string[] };
    try {
      history = JSON.parse(sessionStorage.getItem(key) ?? 'null') ?? { scanStates: [], verdictTitles: [] };
    } catch {
      return; // a document without storage (about:blank): nothing of the app to watch
    }
    const note = () => {
      let changed = false;
      for (const item of document.querySelectorAll('[data-testid="recent-scan"]')) {
        const entry = `${item.getAttribute('data-ticket')}|${item.getAttribute('data-state')}`;
        if (!history.scanStates.includes(entry)) {
          history.scanStates.push(entry);
          changed = true;
        }
      }
      const title = document.querySelector('[data-testid="verdict"] .verdict-title')?.textContent ?? null;
      if (title !== null && !history.verdictTitles.includes(title)) {
        history.verdictTitles.push(title);
        changed = true;
      }
      if (changed) sessionStorage.setItem(key, JSON.stringify(history));
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  }, STORAGE_KEY);
}

export async function uiHistory(page: Page): Promise<UiHistory> {
  return page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? '{"scanStates":[],"verdictTitles":[]}') as UiHistory, STORAGE_KEY);
}

/** The states a ticket's recent-scan item went through, as seen on screen. */
export const statesSeen = (history: UiHistory, ticketId: string): string[] =>
  history.scanStates.filter((entry) => entry.startsWith(`${ticketId}|`)).map((entry) => entry.slice(ticketId.length + 1));
