// Kiosk mode end to end: fullscreen on the tap, the screen wake lock (re-taken when shown again), back to Scan after a
// minute untouched, and the PIN for Settings and for leaving. Wake Lock, fullscreen and page visibility are stubbed and
// recorded: headless Chromium has no screen to keep awake and no window to fill.
import { expect, test, type Page } from '@playwright/test';
import { openDoor } from './support/doorSession.ts';
import { screenshotsAtBothSizes } from './support/screenSizes.ts';
import { Emulator } from './support/emulator.ts';
import { SettingsPage } from './pages/SettingsPage.ts';

interface KioskProbe {
  wakeLockRequests: number;
  wakeLockReleases: number;
  fullscreenRequests: number;
  /** Requests made while the page had a user gesture (navigator.userActivation), as browsers require. */
  fullscreenWithGesture: number;
  fullscreenExits: number;
}

type ProbeWindow = Window & { __kioskProbe: KioskProbe; __setVisibility: (state: DocumentVisibilityState) => void };

/** Stands in for the Screen Wake Lock API (or removes it), fullscreen and page visibility, recording every call. */
async function stubKioskApis(page: Page, options: { wakeLock: boolean }): Promise<void> {
  await page.addInitScript((withWakeLock) => {
    const probe: KioskProbe = { wakeLockRequests: 0, wakeLockReleases: 0, fullscreenRequests: 0, fullscreenWithGesture: 0, fullscreenExits: 0 };
    const target = window as unknown as ProbeWindow;
    target.__kioskProbe = probe;
    let visibility: DocumentVisibilityState = 'visible';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => visibility === 'hidden' });
    target.__setVisibility = (state) => {
      visibility = state;
      document.dispatchEvent(new Event('visibilitychange'));
    };

    class StubSentinel extends EventTarget {
      released = false;
      readonly type = 'screen';
      onrelease = null;
      async release() {
        if (this.released) return;
        this.released = true;
        probe.wakeLockReleases += 1;
        this.dispatchEvent(new Event('release'));
      }
    }
    if (withWakeLock) {
      const held: StubSentinel[] = [];
      const wakeLock = {
        async request(type: string) {
          if (type !== 'screen') throw new TypeError(`unknown wake lock type ${type}`);
          if (visibility !== 'visible') throw new DOMException('The page is not visible', 'NotAllowedError');
          probe.wakeLockRequests += 1;
          const sentinel = new StubSentinel();
          held.push(sentinel);
          return sentinel;
        },
      };
      Object.defineProperty(navigator, 'wakeLock', { configurable: true, get: () => wakeLock });
      // As browsers do: a hidden page loses its wake lock. Registered before the app's own listener.
      document.addEventListener('visibilitychange', () => {
        if (visibility === 'hidden') for (const sentinel of held) void sentinel.release();
      });
    } else {
      delete (Navigator.prototype as unknown as Record<string, unknown>).wakeLock;
    }

    let fullscreenElement: Element | null = null;
    Object.defineProperty(document, 'fullscreenEnabled', { configurable: true, get: () => true });
    Object.defineProperty(document, 'fullscreenElement', { configurable: true, get: () => fullscreenElement });
    const showFullscreen = (element: Element | null) => {
      fullscreenElement = element;
      document.dispatchEvent(new Event('fullscreenchange'));
    };
    Element.prototype.requestFullscreen = async function (this: Element) {
      probe.fullscreenRequests += 1;
      if (navigator.userActivation?.isActive) probe.fullscreenWithGesture += 1;
      showFullscreen(this);
    };
    document.exitFullscreen = async () => {
      probe.fullscreenExits += 1;
      showFullscreen(null);
    };
  }, options.wakeLock);
}

const probe = (page: Page) => page.evaluate(() => (window as unknown as ProbeWindow).__kioskProbe);
const setVisibility = (page: Page, state: DocumentVisibilityState) => page.evaluate((next) => (window as unknown as ProbeWindow).__setVisibility(next), state);

test.beforeEach(async ({ request }) => {
  await new Emulator(request).reset();
});

test('kiosk mode: fullscreen on the tap, the screen kept awake and taken again when shown, back to Scan after a minute untouched, the PIN for Settings and for leaving', async ({ page }) => {
  await stubKioskApis(page, { wakeLock: true });
  await page.clock.install();
  const scan = await openDoor(page, 'Kiosk door');
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  const wakeLockState = page.getByTestId('wake-lock-state');

  await settings.switch('Kiosk mode').click();
  await expect(settings.switch('Kiosk mode')).toBeChecked();
  await expect(wakeLockState).toHaveText('✓ The screen is being kept awake.');
  await expect(page.getByTestId('fullscreen-state')).toHaveText('✓ Full screen.');
  expect(await probe(page)).toMatchObject({ wakeLockRequests: 1, fullscreenRequests: 1, fullscreenWithGesture: 1 });
  await expect(page.getByTestId('kiosk-no-pin')).toContainText('Kiosk mode is on but no PIN is set');
  await settings.setPin('2468');
  await expect(page.getByTestId('kiosk-no-pin')).toHaveCount(0);

  await setVisibility(page, 'hidden');
  await expect(wakeLockState).toContainText('The screen is not kept awake while the app is hidden');
  await setVisibility(page, 'visible');
  await expect(wakeLockState).toHaveText('✓ The screen is being kept awake.');
  expect(await probe(page)).toMatchObject({ wakeLockRequests: 2, wakeLockReleases: 1 });
  await page.getByRole('heading', { name: 'Kiosk', level: 2 }).scrollIntoViewIfNeeded();
  await screenshotsAtBothSizes(page, 'settings-kiosk');

  // A minute untouched on any screen but Scan goes back to Scan; a touch starts the minute again.
  await page.clock.fastForward(50_000);
  await settings.heading.click();
  await page.clock.fastForward(50_000);
  await expect(settings.heading).toBeVisible();
  await page.clock.fastForward(11_000);
  await expect(page.getByTestId('device-name')).toHaveText('Kiosk door');
  await expect(page.getByLabel('Type a reference or ticket number')).toBeVisible();

  await scan.openScreen('Settings');
  await expect(page.getByTestId('settings-locked')).toContainText('Settings needs the kiosk PIN');
  await expect(page.getByRole('heading', { name: 'Door', level: 2 })).toHaveCount(0);
  await screenshotsAtBothSizes(page, 'kiosk-settings-locked');
  await settings.pinPad.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByLabel('Type a reference or ticket number')).toBeVisible();

  await page.goto('/settings'); // straight to the address, on a fresh load: still the PIN
  await expect(page.getByTestId('settings-locked')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Door', level: 2 })).toHaveCount(0);
  await settings.enterPin('0000', 'Open Settings');
  await expect(settings.pinMessage).toContainText('Wrong PIN. 4 tries left before a wait of 30 seconds.');
  await settings.enterPinOnKeypad('2468', 'Open Settings');
  await settings.expectShown();

  // Leaving kiosk mode asks for the PIN again: whoever opened Settings may have walked away.
  await settings.switch('Kiosk mode').click();
  await expect(settings.pinPad).toContainText('Kiosk PIN to leave kiosk mode');
  await expect(settings.switch('Kiosk mode')).toBeChecked();
  await settings.enterPin('2468', 'Leave kiosk mode');
  await expect(settings.switch('Kiosk mode')).not.toBeChecked();
  await expect(wakeLockState).toHaveCount(0);
  // Counted since the fresh load: the wake lock taken at start-up in kiosk mode, let go on leaving; the touches on the
  // keypad went full screen again, and leaving ended it.
  expect(await probe(page)).toMatchObject({ wakeLockRequests: 1, wakeLockReleases: 1, fullscreenExits: 1 });

  // Out of kiosk mode: Settings opens without the PIN and stays open.
  await settings.back();
  await scan.openScreen('Settings');
  await settings.expectShown();
  await page.clock.fastForward(120_000);
  await expect(settings.heading).toBeVisible();
});

test('a browser without Screen Wake Lock says so plainly; after a reload the next touch goes full screen again', async ({ page }) => {
  await stubKioskApis(page, { wakeLock: false });
  const scan = await openDoor(page, 'Old tablet');
  await scan.openScreen('Settings');
  const settings = new SettingsPage(page);
  await settings.switch('Kiosk mode').click();
  await expect(page.getByTestId('wake-lock-state')).toHaveText("✕ This browser cannot keep the screen awake. Set the device's screen timeout to Never in its own settings.");
  await expect(page.getByTestId('wake-lock-state')).toHaveAttribute('data-tone', 'bad');

  await page.reload();
  await settings.expectShown(); // no PIN set: Settings opens, and says so
  await expect(page.getByTestId('kiosk-no-pin')).toBeVisible();
  await expect(page.getByTestId('fullscreen-state')).toHaveText('! Not full screen: the next touch makes it full screen.');
  expect(await probe(page)).toMatchObject({ fullscreenRequests: 0 });
  await settings.heading.click();
  await expect(page.getByTestId('fullscreen-state')).toHaveText('✓ Full screen.');
  expect(await probe(page)).toMatchObject({ fullscreenRequests: 1, fullscreenWithGesture: 1 });
});
