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
