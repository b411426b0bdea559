// Build config: React app + service worker (vite-plugin-pwa, injectManifest) that precaches the app and the decoder's .wasm.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const WASM_BYTES_LIMIT = 4 * 1024 * 1024; // zxing_reader.wasm is ~1 MB; workbox's 2 MiB default is close.

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,webmanifest}'],
        maximumFileSizeToCacheInBytes: WASM_BYTES_LIMIT,
      },
      manifest: {
        id: '/',
        name: 'Doorlist',
        short_name: 'Doorlist',
        description: 'Ticket check-in at the door, offline first.',
        lang: 'en',
        dir: 'ltr',
        categories: ['business', 'productivity', 'utilities'],
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#0b0f14',
        theme_color: '#0b0f14',
        icons: [
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // Long-press the home-screen icon: straight to the screen a steward wants (paths as in src/app/routes.ts).
        shortcuts: [
          { name: 'Scan tickets', short_name: 'Scan', url: '/', icons: [{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' }] },
          { name: 'Find a guest', short_name: 'Find', url: '/search', icons: [{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' }] },
          { name: 'Activity', short_name: 'Activity', url: '/activity', icons: [{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' }] },
          { name: 'Pre-doors check', short_name: 'Check', url: '/check', icons: [{ src: '/icon-192.png', sizes: '192x192', type: 'image/png' }] },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  worker: { format: 'es' }, // the decode worker is a module worker (it imports zxing-wasm)
  build: { target: 'es2022', sourcemap: true },
});
