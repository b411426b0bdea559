// Debian's Chromium for Playwright (it never downloads a browser of its own here), and the flags it runs with.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless on this machine: no sandbox as root, no GPU, and no background calls to hosts the closed network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Chromium's fake camera, playing a Y4M file in a loop (the file is fixed for the browser's lifetime). */
export const fakeCameraArgs = (videoPath: string): string[] => [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${videoPath}`,
];

/**
 * The browser's environment: this process's, without libfaketime. Chromium aborts every navigation under it, so a
 * run with a faked system date (`LD_PRELOAD=…libfaketime.so.1 FAKETIME=+1y npx playwright test`) fakes the test runner
 * and the servers only; specs that depend on the day put the page on a chosen day themselves (`support/clock.ts`).
 */
export const CHROMIUM_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !/^(LD_PRELOAD|FAKETIME)/.test(entry[0])),
);
