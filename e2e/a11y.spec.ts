// Every screen passes axe (no serious or critical finding) at phone and tablet size, and Chromium finds the app
// installable. Lighthouse scores are measured by `npm run audit` (bench/audit.ts), not here: they are too slow and noisy for CI.
import { expect, test, type Page } from '@playwright/test';
import { demoTickets } from '../server/demoData.ts';
import { SCREENS } from '../src/app/routes.ts';
import { seriousAxeFindings } from './support/axeFindings.ts';
import { setupLinkFor } from './support/setupLinks.ts';
import { ScanPage } from './pages/ScanPage.ts';
import { SetupPage } from './pages/SetupPage.ts';

const VIEWPORTS = [
  { name: 'phone', width: 360, height: 640 },
  { name: 'tablet', width: 1024, height: 768 },
] as const;

/** Gloves and a queue: every control a steward taps is at least 48 px tall (inline links in prose excepted). */
const MIN_TARGET_PX = 48;

async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const controls = [...document.querySelectorAll<HTMLElement>('button, input:not([type=hidden]), select, textarea, [role=radio], [role=tab], label.file-button')];
    return controls
      .filter((element) => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') return false; // not shown
        if (element instanceof HTMLInputElement && element.type === 'file') return false; // hidden behind its label
        // A box is tapped through its label too: the label is the target.
        if (element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) return Math.max(0, ...[...(element.labels ?? [])].map((label) => label.getBoundingClientRect().height)) < min - 0.5;
        return box.height < min - 0.5;
      })
      .map((element) => `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || (element as HTMLInputElement).name || '').trim().slice(0, 30)}" ${Math.round(element.getBoundingClientRect().height)}px`);
  }, MIN_TARGET_PX);
}

async function seriousFindings(page: Page): Promise<string[]> {
  const small = (await smallTargets(page)).map((line) => `target under ${MIN_TARGET_PX}px: ${line}`);
  return [...small, ...(await seriousAxeFindings(page))];
}

for (const viewport of VIEWPORTS) {
  test(`no serious or critical axe finding and no control under 48 px on any screen (${viewport.name} ${viewport.width}x${viewport.height})`, async ({ page }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const findings: Record<string, string[]> = {};
    await page.goto('/');
    await expect(page.getByTestId('not-set-up')).toBeVisible();
    findings['not set up'] = await seriousFindings(page);

    const setup = new SetupPage(page);
    await setup.open(setupLinkFor(`Axe ${viewport.name}`));
    await setup.expectDone(`Axe ${viewport.name}`);
    findings['setup done'] = await seriousFindings(page);
    await setup.startScanning();
    const scan = new ScanPage(page);
    await scan.expectCameraRunning();
    findings.scan = await seriousFindings(page);

    const guest = demoTickets().find((ticket) => !ticket.cancelled)!;
    await page.getByLabel('Type a reference or ticket number').fill(guest.ticketId);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(scan.verdict).toBeVisible();
    findings['scan with a verdict'] = await seriousFindings(page);
    await page.screenshot({ path: `e2e/.artifacts/screens/every-scan-${viewport.name}.png` });

    await page.getByRole('button', { name: 'Menu' }).click();
    findings.menu = await seriousFindings(page);
    await page.screenshot({ path: `e2e/.artifacts/screens/every-menu-${viewport.name}.png` });
    for (const screen of SCREENS.filter((entry) => entry.path !== '/')) {
      await page.goto(screen.path);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      findings[screen.label] = await seriousFindings(page);
      await page.screenshot({ path: `e2e/.artifacts/screens/every-${screen.path.slice(1)}-${viewport.name}.png` });
    }
    await page.goto('/setup#config=not-a-setup');
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    findings['setup link refused'] = await seriousFindings(page);

    expect(Object.fromEntries(Object.entries(findings).filter(([, list]) => list.length > 0))).toEqual({});
  });
}

test('Chromium finds the app installable (manifest, icons, service worker)', async ({ page }) => {
  const setup = new SetupPage(page);
  await setup.open(setupLinkFor('Install check'));
  await setup.expectDone('Install check');
  await setup.waitForOfflineReady();
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
  // Playwright's test contexts are incognito, which Chromium never installs from: that one is the test's, not the app's
  // (npm run audit checks in a persistent profile and finds none).
  expect(installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
  const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as {
    display: string;
    theme_color: string;
    icons: Array<{ purpose?: string }>;
    shortcuts: Array<{ url: string }>;
  };
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.some((icon) => icon.purpose === 'maskable')).toBe(true);
  expect(manifest.shortcuts.map((shortcut) => shortcut.url)).toEqual(['/', '/search', '/activity', '/check']);
});

test('the install offer is shown where the browser makes one, and Install asks the browser', async ({ page }) => {
  const setup = new SetupPage(page);
  await setup.open(setupLinkFor('Install offer'));
  await setup.expectDone('Install offer');
  await expect(page.getByTestId('install-prompt')).toHaveCount(0);
  // Chromium fires beforeinstallprompt only after engagement heuristics: fire the same event, with its two members.
  await page.evaluate(() => {
    const offer = new Event('beforeinstallprompt', { cancelable: true }) as Event & { prompt: () => Promise<void>; userChoice: Promise<{ outcome: string }> };
    offer.prompt = async () => void ((window as unknown as { promptedToInstall: boolean }).promptedToInstall = true);
    offer.userChoice = Promise.resolve({ outcome: 'accepted' });
    window.dispatchEvent(offer);
  });
  await expect(page.getByTestId('install-prompt')).toBeVisible();
  await page.getByTestId('install-prompt').getByRole('button', { name: 'Install' }).click();
  await expect(page.getByTestId('install-prompt')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { promptedToInstall?: boolean }).promptedToInstall)).toBe(true);
});
