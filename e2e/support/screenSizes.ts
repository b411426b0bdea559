// Screenshots of the screen as it is now at phone and tablet size, for the README and the docs/ pages (e2e/.artifacts/screens/NAME-SIZE.png).
import type { Page } from '@playwright/test';

export async function screenshotsAtBothSizes(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const original = page.viewportSize();
  for (const [size, viewport] of [
    ['phone', { width: 360, height: 640 }],
    ['tablet', { width: 1024, height: 768 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `e2e/.artifacts/screens/${name}-${size}.png`, fullPage: options.fullPage ?? false });
  }
  if (original) await page.setViewportSize(original);
}
