// DOORLIST_CONNECT_SRC: extra origins the demo server lets the app connect to (a direct setup whose Tonic or RunSignup
// lives on another origin). Checked strictly: every entry goes into the served CSP, so a keyword or `*` would open it.

export const CONNECT_SRC_ENV = 'DOORLIST_CONNECT_SRC';

/**
 * An http(s) origin (`https://tonic.example.com`, `http://10.0.0.5:8787`) or a CSP host-source (`tonic.example.com`,
 * `*.example.com`, `https://example.com:443/api/`). No quoted keywords, no lone `*`, no scheme-only source (`https:`),
 * no other scheme, nothing that could end the directive (`;` `,` quotes, spaces).
 */
const HOST_SOURCE = /^(?:https?:\/\/)?(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(?:\d{1,5}|\*))?(?:\/[A-Za-z0-9\-._~!$&()*+=:@%/]*)?$/i;

export type ConnectSourcesResult = { ok: true; sources: string[] } | { ok: false; error: string };

function whyRefused(entry: string): string {
  if (entry.startsWith("'")) return `"${entry}" is a CSP keyword; only origins are allowed here (never 'unsafe-…', 'self' is already in)`;
  if (entry === '*') return '"*" would let the app connect anywhere; name each origin instead';
  if (/^[a-z][a-z0-9+.-]*:$/i.test(entry)) return `"${entry}" allows a whole scheme; name each origin instead`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) && !/^https?:\/\//i.test(entry)) return `"${entry}" is not http(s)`;
  return `"${entry}" is not an http(s) origin or host`;
}

/** Space-separated entries; empty or unset is no extra source. Any bad entry refuses the whole value, naming it. */
export function parseConnectSources(value: string | undefined): ConnectSourcesResult {
  const entries = (value ?? '').split(/\s+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!HOST_SOURCE.test(entry)) {
      return { ok: false, error: `${CONNECT_SRC_ENV}: ${whyRefused(entry)} (example: ${CONNECT_SRC_ENV}="https://tonic.example.com http://10.0.0.5:8787")` };
    }
  }
  return { ok: true, sources: [...new Set(entries)] };
}
