// The gateway's log lines: one line per event, with secrets, tokens and guest emails scrubbed, control characters escaped
// and the length capped before anything is written. Every pass over the text is linear in its length.

export type LogLevel = 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

/** A longer line is cut here and says how much was left out: a log line is for people, not for copies of requests. */
export const MAX_LOG_LINE_CHARS = 1_000;

/** `jane.doe@example.com` → `j***@example.com`: enough to tell two guests apart in a log, not enough to mail one. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const BEARER = /\b(bearer)\s+\S+/gi;
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
/** From one position only (sticky): the domain with its last dot and a top-level name of letters. */
const DOMAIN_AT = /[A-Za-z0-9.-]+\.[A-Za-z]{2,}/y;

/**
 * Masks every `local@domain.tld` in the text. The old single regex retried from every start position and scanned to
 * the end each time: quadratic, a second for a 15,000-character path. This walks the text once: each `@` looks left
 * over the local part (never past the previous match) and matches the domain from the `@` only, and the runs of domain
 * characters after two `@` never overlap (a domain has no `@`).
 */
export function maskEmails(text: string): string {
  let out = '';
  let copiedTo = 0;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > copiedTo && LOCAL_CHAR.test(text[start - 1] ?? '')) start -= 1;
    DOMAIN_AT.lastIndex = at + 1;
    const domain = start < at ? DOMAIN_AT.exec(text) : null;
    if (domain) {
      const end = at + 1 + domain[0].length;
      out += text.slice(copiedTo, start) + maskEmail(text.slice(start, end));
      copiedTo = end;
      at = text.indexOf('@', end);
    } else {
      at = text.indexOf('@', at + 1);
    }
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: anything a terminal or a log reader may take
// as a new line or a command.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `a\nb` → `a\\nb`: a request can never start a log line of its own, nor send escape sequences to a terminal. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (char) => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Cuts a line to `max` characters, saying how many were left out. */
export function capLength(text: string, max: number = MAX_LOG_LINE_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

export interface GatewayLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * A log that never writes the given secrets (the upstream credentials), anything after "Bearer", a full email, a raw
 * control character, or a line longer than MAX_LOG_LINE_CHARS (plus its note). Device tokens are never passed to it;
 * the Bearer rule catches one that slips into an error message. Scrubbing comes before the cut, so a secret cut in
 * half cannot slip through.
 */
export function createGatewayLog(sink: LogSink, secrets: readonly string[]): GatewayLog {
  if (sink === silentSink) return { info: () => {}, warn: () => {}, error: () => {} };
  const known = secrets.filter((secret) => secret.length >= 4);
  const clean = (text: string): string => {
    let scrubbed = text;
    for (const secret of known) scrubbed = scrubbed.split(secret).join('[redacted]');
    return capLength(escapeControl(maskEmails(scrubbed.replace(BEARER, '$1 [redacted]'))));
  };
  const describe = (error: unknown): string => {
    if (!(error instanceof Error)) return String(error);
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`;
  };
  return {
    info: (message) => sink('info', clean(`[gateway] ${message}`)),
    warn: (message) => sink('warn', clean(`[gateway] ${message}`)),
    error: (message, error) => sink('error', clean(`[gateway] ${message}${error === undefined ? '' : `: ${describe(error)}`}`)),
  };
}

/** Writes to the console: info to stdout, warnings and errors to stderr. */
export const consoleSink: LogSink = (level, line) => {
  if (level === 'info') console.log(line);
  else console.error(line);
};

export const silentSink: LogSink = () => {};
