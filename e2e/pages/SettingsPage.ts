// Page model: Settings (/settings), its kiosk PIN prompts, and the setup QR it shows.
import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page } from '@playwright/test';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let readerReady = false;

export class SettingsPage {
  readonly heading: Locator;
  readonly outcome: Locator;
  readonly pinPad: Locator;
  readonly pinMessage: Locator;
  readonly setupQr: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Settings', level: 1 });
    this.outcome = page.getByTestId('settings-outcome');
    this.pinPad = page.getByTestId('pin-pad');
    this.pinMessage = page.getByTestId('pin-message');
    this.setupQr = page.getByTestId('setup-qr');
  }

  /** A labelled input (its label as on screen, e.g. "Device name"). */
  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  /** The error in words shown next to a field. */
  fieldError(label: string): Locator {
    return this.page.locator('.field').filter({ has: this.page.getByLabel(label, { exact: true }) }).getByTestId('field-error');
  }

  switch(label: string): Locator {
    return this.page.getByRole('switch', { name: label, exact: true });
  }

  async expectShown(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.page.getByRole('heading', { name: 'Door', level: 2 })).toBeVisible();
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save changes' }).click();
  }

  async back(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back to scanning' }).click();
  }

  /** Sets the first PIN, or changes it given the current one. */
  async setPin(pin: string, current?: string): Promise<void> {
    await this.page.getByRole('button', { name: current === undefined ? 'Set a PIN' : 'Change PIN' }).click();
    if (current !== undefined) await this.field('Current PIN').fill(current);
    await this.field('New PIN (4 to 8 digits)').fill(pin);
    await this.field('New PIN again').fill(pin);
    await this.page.getByRole('button', { name: 'Save PIN' }).click();
  }

  /** Types a PIN on the on-screen keypad and presses the prompt's button (its label: "Open Settings", "Leave kiosk mode"…). */
  async enterPinOnKeypad(pin: string, submitLabel: string): Promise<void> {
    const keypad = this.pinPad.getByRole('group', { name: 'Keypad' });
    for (const digit of pin) await keypad.getByRole('button', { name: digit, exact: true }).click();
    await this.pinPad.getByRole('button', { name: submitLabel }).click();
  }

  /** Types a PIN into the prompt's field, as a hardware keyboard would, and submits it. */
  async enterPin(pin: string, submitLabel: string): Promise<void> {
    await this.pinPad.locator('input').fill(pin);
    await this.pinPad.getByRole('button', { name: submitLabel }).click();
  }

  /** Reads the setup QR on screen as another phone would: a picture of it, decoded (zxing-wasm, in Node). */
  async readSetupQr(): Promise<string> {
    if (!readerReady) {
      const wasm = await readFile('node_modules/zxing-wasm/dist/reader/zxing_reader.wasm');
      await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
      readerReady = true;
    }
    const picture = await this.setupQr.getByRole('img').screenshot();
    const codes = await readBarcodes(new Uint8Array(picture), { formats: ['QRCode'] });
    if (codes.length !== 1) throw new Error(`expected one QR code in the picture, found ${codes.length}`);
    return codes[0]!.text;
  }

  /** Everything the page holds as text or input values: what must never include a credential. */
  async everythingOnThePage(): Promise<string> {
    const values = await this.page.locator('input, textarea').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    return `${await this.page.content()}\n${values.join('\n')}`;
  }
}
