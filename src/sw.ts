// Service worker: precaches the app (with the decoder's .wasm) so it opens with no network; updates wait for the page's word.
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare let self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every in-app path opens the cached shell; server pages and APIs go to the network.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/demo\//, /^\/tonic\//, /^\/runsignup\//, /^\/api\//, /^\/__control\//],
  }),
);

// registerType 'prompt': a new worker waits until the page, seeing an empty outbox, asks it to take over.
self.addEventListener('message', (event) => {
  if (event.data && (event.data as { type?: string }).type === 'SKIP_WAITING') void self.skipWaiting();
});

clientsClaim();
