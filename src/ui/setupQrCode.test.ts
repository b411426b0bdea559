// The setup QR's maker loads only when a QR is shown: drawn when it loads, and a plain reason when it cannot.
import { describe, expect, it } from 'vitest';
import { drawSetupQr, NOT_STORED } from './SetupQrCode.tsx';

describe('drawing a setup QR', () => {
  it('draws the link as an SVG image', async () => {
    const drawn = await drawSetupQr('https://doors.example/setup#config=abc');
    expect('url' in drawn && decodeURIComponent(drawn.url)).toMatch(/^data:image\/svg\+xml;charset=utf-8,<svg/);
  });

  it('says what to do when its maker cannot be loaded (offline, app not fully stored), instead of a browser error', async () => {
    expect(await drawSetupQr('https://doors.example/setup#config=abc', () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')))).toEqual({ error: NOT_STORED });
  });

  it('passes on why the maker refused the text', async () => {
    const refusing = () => Promise.resolve({ default: { toString: () => Promise.reject(new Error('The amount of data is too big to be stored in a QR Code')) } });
    expect(await drawSetupQr('x'.repeat(10), refusing)).toEqual({ error: 'The amount of data is too big to be stored in a QR Code' });
  });
});
