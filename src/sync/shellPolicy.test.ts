// The cached app shell takes its server's new security policy when only the policy changed; a new build, an unreachable
// server or no cached shell leave it alone.
import { describe, expect, it } from 'vitest';
import { askWorkerToRefreshShellPolicy, differsOnlyInConnectSrc, refreshShellPolicy, SHELL_REFRESH_TIMEOUT_MS, type ShellCache } from './shellPolicy.ts';

const KEY = 'http://app.test/index.html?__WB_REVISION__=abc';
const OLD = "default-src 'self'; connect-src 'self'";
const NEW = "default-src 'self'; connect-src 'self' http://localhost:4883";
const shell = (body: string, policy: string, status = 200) => new Response(body, { status, headers: { 'content-type': 'text/html', 'content-security-policy': policy } });

function fakeCache(initial?: Response): ShellCache & { stored: () => Response | undefined; puts: number } {
  let stored = initial;
  const cache = {
    puts: 0,
    stored: () => stored?.clone(),
    match: async (key: string) => (key === KEY ? stored?.clone() : undefined),
    put: async (key: string, response: Response) => {
      expect(key).toBe(KEY);
      cache.puts += 1;
      stored = response;
    },
  };
  return cache;
}

describe('refreshShellPolicy', () => {
  it('takes the new policy for the same shell, keeping its body', async () => {
    const cache = fakeCache(shell('<html>app</html>', OLD));
    expect(await refreshShellPolicy(cache, KEY, async () => shell('<html>app</html>', NEW))).toBe('policyChanged');
    expect(cache.stored()?.headers.get('content-security-policy')).toBe(NEW);
    expect(await cache.stored()?.text()).toBe('<html>app</html>');
    expect(await refreshShellPolicy(cache, KEY, async () => shell('<html>app</html>', NEW))).toBe('samePolicy');
    expect(cache.puts).toBe(1);
  });

  it('leaves the cached shell alone for a new build, an error reply, no network, or no cached shell', async () => {
    const cache = fakeCache(shell('<html>app</html>', OLD));
    expect(await refreshShellPolicy(cache, KEY, async () => shell('<html>new build</html>', NEW))).toBe('newBuild');
    expect(await refreshShellPolicy(cache, KEY, async () => shell('<html>app</html>', NEW, 503))).toBe('unreachable');
    expect(await refreshShellPolicy(cache, KEY, () => Promise.reject(new TypeError('Failed to fetch')))).toBe('unreachable');
    expect(cache.puts).toBe(0);
    expect(cache.stored()?.headers.get('content-security-policy')).toBe(OLD);
    expect(await refreshShellPolicy(fakeCache(), KEY, async () => shell('<html>app</html>', NEW))).toBe('noShell');
  });

  it('refuses a fresh policy that is missing or differs anywhere but connect-src: the stored policy never weakens', async () => {
    const cache = fakeCache(shell('<html>app</html>', OLD));
    const noPolicy = new Response('<html>app</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    expect(await refreshShellPolicy(cache, KEY, async () => noPolicy)).toBe('policyRefused');
    const weaker = "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' http://localhost:4883";
    expect(await refreshShellPolicy(cache, KEY, async () => shell('<html>app</html>', weaker))).toBe('policyRefused');
    expect(await refreshShellPolicy(cache, KEY, async () => shell('<html>app</html>', "default-src *; connect-src 'self'"))).toBe('policyRefused');
    expect(cache.puts).toBe(0);
    expect(cache.stored()?.headers.get('content-security-policy')).toBe(OLD);
  });

  it('treats a redirected reply as no answer', async () => {
    const cache = fakeCache(shell('<html>app</html>', OLD));
    const redirected = shell('<html>app</html>', NEW);
    Object.defineProperty(redirected, 'redirected', { value: true });
    expect(await refreshShellPolicy(cache, KEY, async () => redirected)).toBe('unreachable');
    expect(cache.puts).toBe(0);
  });

  it("copies only the policy onto the cached response's own headers", async () => {
    const cached = new Response('<html>app</html>', { status: 200, headers: { 'content-type': 'text/html', 'content-security-policy': OLD, 'x-cached': 'kept' } });
    const cache = fakeCache(cached);
    const fresh = new Response('<html>app</html>', { status: 200, headers: { 'content-type': 'text/plain', 'content-security-policy': NEW, 'set-cookie': 'a=b', 'x-fresh': 'dropped' } });
    expect(await refreshShellPolicy(cache, KEY, async () => fresh)).toBe('policyChanged');
    const stored = cache.stored()!;
    expect(stored.headers.get('content-security-policy')).toBe(NEW);
    expect(stored.headers.get('content-type')).toBe('text/html');
    expect(stored.headers.get('x-cached')).toBe('kept');
    expect(stored.headers.get('x-fresh')).toBeNull();
  });

  it('compares policies directive by directive, whatever the spacing and order', () => {
    expect(differsOnlyInConnectSrc("default-src 'self'; img-src 'self' data:; connect-src 'self'", "img-src  'self' data: ;default-src 'self'; connect-src 'self' https://t.example")).toBe(true);
    expect(differsOnlyInConnectSrc("default-src 'self'; connect-src 'self'", "default-src 'self'; frame-ancestors 'none'; connect-src 'self'")).toBe(false);
  });
});

describe('askWorkerToRefreshShellPolicy', () => {
  it('settles with null when the worker never answers', async () => {
    let fire: (() => void) | null = null;
    let delay = 0;
    const timers = { setTimer: (callback: () => void, delayMs: number) => ((fire = callback), (delay = delayMs), 1), clearTimer: () => undefined };
    const posted: unknown[] = [];
    const silentWorker = { postMessage: (message: unknown) => posted.push(message) } as unknown as ServiceWorker;
    const answer = askWorkerToRefreshShellPolicy({ controller: silentWorker }, timers);
    expect(posted).toEqual([{ type: 'REFRESH_SHELL_POLICY' }]);
    expect(delay).toBe(SHELL_REFRESH_TIMEOUT_MS);
    fire!();
    expect(await answer).toBeNull();
  });

  it("takes the worker's answer and stops its timer", async () => {
    let cleared = 0;
    const timers = { setTimer: () => 7, clearTimer: (handle: unknown) => void (handle === 7 && cleared++) };
    const worker = { postMessage: (_message: unknown, ports: MessagePort[]) => ports[0]!.postMessage({ outcome: 'policyChanged' }) } as unknown as ServiceWorker;
    expect(await askWorkerToRefreshShellPolicy({ controller: worker }, timers)).toBe('policyChanged');
    expect(cleared).toBe(1);
  });
});
