// The app shell the service worker keeps (index.html) carries the security policy its server sent when it was cached.
// When the server's policy changes but the build does not (DOORLIST_CONNECT_SRC added and the server restarted), the
// cached shell would go on opening every page under the old policy, blocked for good. This refreshes the cached
// shell's headers, and only its headers: a shell whose body differs is a new build, which the update prompt handles.

export const REFRESH_SHELL_POLICY = 'REFRESH_SHELL_POLICY';

export type ShellRefresh = 'policyChanged' | 'samePolicy' | 'newBuild' | 'unreachable' | 'noShell';

export interface ShellCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

const policyOf = (response: Response) => response.headers.get('content-security-policy');

/** Service-worker side: compares the cached shell with the server's, and takes the server's headers for the same body. */
export async function refreshShellPolicy(cache: ShellCache, cacheKey: string, fetchShell: () => Promise<Response>): Promise<ShellRefresh> {
  const cached = await cache.match(cacheKey);
  if (!cached) return 'noShell';
  let fresh: Response;
  try {
    fresh = await fetchShell();
  } catch {
    return 'unreachable';
  }
  if (!fresh.ok) return 'unreachable';
  const [cachedBody, freshBody] = await Promise.all([cached.text(), fresh.text()]);
  if (cachedBody !== freshBody) return 'newBuild';
  if (policyOf(cached) === policyOf(fresh)) return 'samePolicy';
  await cache.put(cacheKey, new Response(freshBody, { status: fresh.status, statusText: fresh.statusText, headers: fresh.headers }));
  return 'policyChanged';
}

/** Page side: asks the controlling service worker to refresh the shell's policy; null without one (or no answer). */
export function askWorkerToRefreshShellPolicy(container: Pick<ServiceWorkerContainer, 'controller'> | undefined): Promise<ShellRefresh | null> {
  const worker = container?.controller;
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event: MessageEvent<{ outcome?: ShellRefresh }>) => resolve(event.data.outcome ?? null);
    worker.postMessage({ type: REFRESH_SHELL_POLICY }, [channel.port2]);
  });
}
