// Service worker: precaches the app (with the decoder's .wasm) so it opens with no network; updates wait for the page's
// word; and Background Sync sends waiting scans when the network comes back, even with the app closed.
/// <reference lib="webworker" />
import './zodWithoutEval.ts';
import { monotonicFactory } from 'ulid';
import { cacheNames, clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, getCacheKeyForURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { DoorlistDatabase } from './db/database.ts';
import { drainOnSyncEvent, OUTBOX_SYNC_TAG } from './sync/backgroundSync.ts';
import { blockAwareFetch, clearWorkerBlocks, listenForBlockedRequests } from './sync/connectionBlock.ts';
import { REFRESH_SHELL_POLICY, refreshShellPolicy, type ShellRefresh } from './sync/shellPolicy.ts';
import { createDevicePass } from './sync/devicePass.ts';

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
  const type = event.data ? (event.data as { type?: string }).type : undefined;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  if (type === REFRESH_SHELL_POLICY) {
    // The server's policy may have changed under the same build (DOORLIST_CONNECT_SRC): the next page opens under it.
    const cacheKey = getCacheKeyForURL('index.html');
    const reply = (outcome: ShellRefresh) => event.ports[0]?.postMessage({ outcome });
    event.waitUntil(
      (cacheKey === undefined
        ? Promise.resolve<ShellRefresh>('noShell')
        : caches.open(cacheNames.precache).then((cache) => refreshShellPolicy(cache, cacheKey, () => fetch(new URL('index.html', self.registration.scope), { cache: 'no-store' })))
      ).then(reply, (error: unknown) => {
        log('shell policy: could not refresh', error);
        reply('unreachable');
      }),
    );
  }
});

const log = (message: string, context?: unknown) => console.warn(`[doorlist sw] ${message}`, context ?? '');
let db: DoorlistDatabase | null = null; // opened on first need only: most worker starts never need it
const openDb = () => (db ??= new DoorlistDatabase());
const newId = monotonicFactory();

// A request this worker's own policy refused (the CSP of the sw.js it was installed from, which a server restart with a
// new DOORLIST_CONNECT_SRC does not change: same bytes, no new worker) is kept apart from the page's, and holds back only
// this worker's Background Sync passes; the page, opened under the server's current policy, sends everything itself.
const workerBlocks = listenForBlockedRequests(self, openDb, () => new Date(), log, undefined, 'worker');
// As on the page: a send that runs into the block spends no attempt and earns no wait, so the page sends it at once.
const workerFetch = blockAwareFetch(workerBlocks.seen, undefined, (input, init) => fetch(input, init));
// A new worker came with a new sw.js, so with the server's current policy: the old worker's blocks are tried afresh.
self.addEventListener('activate', (event) => {
  event.waitUntil(clearWorkerBlocks(openDb()).catch((error: unknown) => log('security policy: could not clear the worker\'s blocks', error)));
});

interface SyncEventLike extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

self.addEventListener('sync', ((event: SyncEventLike) => {
  if (event.tag !== OUTBOX_SYNC_TAG) return;
  const db = openDb();
  const locks = 'locks' in self.navigator ? self.navigator.locks : null;
  const runPass = createDevicePass({ db, fetchImpl: workerFetch, isOnline: () => self.navigator.onLine, holdsSyncLock: locks !== null, newId: () => newId(), now: Date.now, random: Math.random, pageUrl: () => self.location.href, origin: self.location.origin, log, blockSource: 'worker' });
  event.waitUntil(
    drainOnSyncEvent({ db, runPass, locks, now: Date.now }).then(
      (outcome) => log(`background sync: ${outcome}`),
      (error: unknown) => {
        log(`background sync: will try again${event.lastChance ? ' (last chance: the app sends the rest when opened)' : ''}`, error);
        throw error; // rejecting asks the browser to fire the event again later
      },
    ),
  );
}) as EventListener);

clientsClaim();
