// The app shell the service worker keeps (index.html) carries the security policy its server sent when it was cached.
// When the server's policy changes but the build does not (DOORLIST_CONNECT_SRC added and the server restarted), the
// cached shell would go on opening every page under the old policy, blocked for good. This refreshes the cached
// shell's policy, and only its policy, and only in connect-src: a shell whose body differs is a new build, which the
// update prompt handles; a fresh policy that is missing or differs anywhere else is refused, so a misconfigured or
// intercepted reply can never weaken the policy every later page opens under.

export const REFRESH_SHELL_POLICY = 'REFRESH_SHELL_POLICY';

export type ShellRefresh = 'policyChanged' | 'samePolicy' | 'newBuild' | 'unreachable' | 'noShell' | 'policyRefused';

export interface ShellCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

const policyOf = (response: Response) => response.headers.get('content-security-policy');

/** A policy's directives by name (lower case), each value's sources normalised to single spaces; connect-src left out. */
function directivesBesidesConnect(policy: string): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name = '', ...sources] = part.trim().split(/\s+/);
    if (name === '' || name.toLowerCase() === 'connect-src' || directives.has(name.toLowerCase())) continue;
    directives.set(name.toLowerCase(), sources.join(' '));
  }
  return directives;
}

/** True when the two policies differ in connect-src at most. */
export function differsOnlyInConnectSrc(cached: string, fresh: string): boolean {
  const [a, b] = [directivesBesidesConnect(cached), directivesBesidesConnect(fresh)];
  return a.size === b.size && [...a].every(([name, value]) => b.get(name) === value);
}

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
  // A redirect is not the shell's own address answering (a captive portal, a proxy): as good as no answer.
  if (!fresh.ok || fresh.redirected) return 'unreachable';
  const [cachedBody, freshBody] = await Promise.all([cached.text(), fresh.text()]);
  if (cachedBody !== freshBody) return 'newBuild';
  const [cachedPolicy, freshPolicy] = [policyOf(cached), policyOf(fresh)];
  if (cachedPolicy === freshPolicy) return 'samePolicy';
  if (cachedPolicy === null || freshPolicy === null || !differsOnlyInConnectSrc(cachedPolicy, freshPolicy)) return 'policyRefused';
  // The cached response's own headers, with only the policy replaced.
  const headers = new Headers(cached.headers);
  headers.set('content-security-policy', freshPolicy);
  await cache.put(cacheKey, new Response(cachedBody, { status: cached.status, statusText: cached.statusText, headers }));
  return 'policyChanged';
}

/** How long the page waits for the worker's answer: a fetch of index.html and a cache write, on a slow phone. */
export const SHELL_REFRESH_TIMEOUT_MS = 30_000;

/** Page side: asks the controlling service worker to refresh the shell's policy; null without one, or no answer in time. */
export function askWorkerToRefreshShellPolicy(
  container: Pick<ServiceWorkerContainer, 'controller'> | undefined,
  timers: { setTimer: (callback: () => void, delayMs: number) => unknown; clearTimer: (handle: unknown) => void } = {
    setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
): Promise<ShellRefresh | null> {
  const worker = container?.controller;
  if (!worker) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const settle = (outcome: ShellRefresh | null) => {
      timers.clearTimer(timer);
      channel.port1.onmessage = null;
      channel.port1.close();
      resolve(outcome);
    };
    const timer = timers.setTimer(() => settle(null), SHELL_REFRESH_TIMEOUT_MS);
    channel.port1.onmessage = (event: MessageEvent<{ outcome?: ShellRefresh }>) => settle(event.data.outcome ?? null);
    worker.postMessage({ type: REFRESH_SHELL_POLICY }, [channel.port2]);
  });
}
