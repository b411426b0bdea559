// DOORLIST_CONNECT_SRC: extra origins the demo server lets the app connect to (a direct setup whose Tonic or RunSignup
// lives on another origin). Checked strictly: every entry goes into the served CSP, so a keyword or `*` would open it,
// and an entry a browser ignores (a path the app's blocks cannot follow, an IPv6 literal) would only look like it works.

export const CONNECT_SRC_ENV = 'DOORLIST_CONNECT_SRC';

const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
/**
 * An http(s) origin (`https://tonic.example.com`, `http://10.0.0.5:8787` for an http app) or a CSP host-source (`tonic.example.com`,
 * `*.example.com`, `example.net:*`), with no path: the app keeps its blocks per origin. No quoted or bare keywords, no
 * lone `*`, no scheme-only source (`https:`), no other scheme, no IPv6 literal, nothing that could end the directive.
 */
const HOST_SOURCE = new RegExp(`^(?:https?://)?(\\*\\.)?(${LABEL}(?:\\.${LABEL})*)(?::(\\d{1,5}|\\*))?(/.*)?$`, 'i');

/** CSP keywords a shell hands over without their quotes. */
const BARE_KEYWORD = /^(?:self|none|unsafe-[a-z-]+|strict-dynamic|report-sample|wasm-unsafe-eval|inline-speculation-rules)$/i;

/**
 * Second-level public suffixes (co.uk, com.au, org.nz, ac.jp…): a wildcard over one covers every company in a country.
 * Not the whole Public Suffix List, only its common `<generic>.<country>` shape; name the origins when in doubt.
 */
const COUNTRY_SECOND_LEVEL = /^(?:co|com|org|net|ac|gov|edu|ne|or|go|gv|mil|ltd|plc|sch|nic)\.[a-z]{2}$/i;

export type ConnectSourcesResult = { ok: true; sources: string[] } | { ok: false; error: string };

/** Why an entry is refused; null when it is fine. */
function whyRefused(entry: string): string | null {
  if (entry.startsWith("'")) return `"${entry}" is a CSP keyword; only origins are allowed here (never 'unsafe-…', 'self' is already in)`;
  if (BARE_KEYWORD.test(entry)) return `"${entry}" looks like a CSP keyword whose quotes the shell took off; keywords are not allowed here, quoted or not: name origins only`;
  if (entry === '*') return '"*" would let the app connect anywhere; name each origin instead';
  if (/^[a-z][a-z0-9+.-]*:$/i.test(entry)) return `"${entry}" allows a whole scheme; name each origin instead`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) && !/^https?:\/\//i.test(entry)) return `"${entry}" is not http(s)`;
  if (/^(?:https?:\/\/)?\[/i.test(entry)) return `"${entry}" is an IPv6 address, which browsers ignore in a security policy; use a host name for that server`;
  const match = HOST_SOURCE.exec(entry);
  if (!match) return `"${entry}" is not an http(s) origin or host`;
  const [, wildcard, host = '', port, path] = match;
  if (path !== undefined) return `"${entry}" has a path; give the origin only (${entry.slice(0, entry.length - path.length)}): the app allows and blocks whole origins`;
  if (port !== undefined && port !== '*' && (Number(port) < 1 || Number(port) > 65535)) return `"${entry}" has port ${port}; a port is 1 to 65535`;
  if (wildcard !== undefined && (!host.includes('.') || COUNTRY_SECOND_LEVEL.test(host))) {
    return `"${entry}" covers a whole public domain suffix; a wildcard needs the organisation's own domain after "*." (*.example.com), or name each origin`;
  }
  return null;
}

/** Space-separated entries; empty or unset is no extra source. Any bad entry refuses the whole value, naming it. */
export function parseConnectSources(value: string | undefined): ConnectSourcesResult {
  const entries = (value ?? '').split(/\s+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    const why = whyRefused(entry);
    if (why !== null) return { ok: false, error: `${CONNECT_SRC_ENV}: ${why} (example: ${CONNECT_SRC_ENV}="https://tonic.example.com https://runsignup.com")` };
  }
  return { ok: true, sources: [...new Set(entries)] };
}
