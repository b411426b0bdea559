// Renders public/icon.svg to the PNG icons the web app manifest lists (run by hand when the icon changes).
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const svg = readFileSync(new URL('../public/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [file, size, inset] of [['icon-192.png', 192, 0], ['icon-512.png', 512, 0], ['icon-maskable-512.png', 512, 0.1]]) {
  await page.setViewportSize({ width: size, height: size });
  // Maskable icons keep their content inside the central 80% safe zone, on a full-bleed background.
  await page.setContent(`<html><body style="margin:0;background:#0b0f14"><div style="padding:${size * inset}px">${svg.replace('<svg ', `<svg width="${size * (1 - 2 * inset)}" height="${size * (1 - 2 * inset)}" `)}</div></body></html>`);
  await page.screenshot({ path: new URL(`../public/${file}`, import.meta.url).pathname, omitBackground: false });
}
await browser.close();
