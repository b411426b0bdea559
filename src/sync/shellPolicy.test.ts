// The cached app shell takes its server's new security policy when only the policy changed; a new build, an unreachable
// server or no cached shell leave it alone.
import { describe, expect, it } from 'vitest';
import { refreshShellPolicy, type ShellCache } from './shellPolicy.ts';

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
});
