// The gateway's log lines: one line per event, with secrets, tokens and guest emails scrubbed before anything is written.

export type LogLevel = 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

/** `jane.doe@example.com` → `j***@example.com`: enough to tell two guests apart in a log, not enough to mail one. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /\b(bearer)\s+\S+/gi;

export interface GatewayLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/**
 * A log that never writes the given secrets (the upstream credentials), anything after "Bearer", or a full email.
 * Device tokens are never passed to it; the Bearer rule catches one that slips into an error message.
 */
export function createGatewayLog(sink: LogSink, secrets: readonly string[]): GatewayLog {
  if (sink === silentSink) return { info: () => {}, warn: () => {}, error: () => {} };
  const known = secrets.filter((secret) => secret.length >= 4);
  const scrub = (text: string): string => {
    let clean = text;
    for (const secret of known) clean = clean.split(secret).join('[redacted]');
    return clean.replace(BEARER, '$1 [redacted]').replace(EMAIL, maskEmail);
  };
  const describe = (error: unknown): string => {
    if (!(error instanceof Error)) return String(error);
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`;
  };
  return {
    info: (message) => sink('info', scrub(`[gateway] ${message}`)),
    warn: (message) => sink('warn', scrub(`[gateway] ${message}`)),
    error: (message, error) => sink('error', scrub(`[gateway] ${message}${error === undefined ? '' : `: ${describe(error)}`}`)),
  };
}

/** Writes to the console: info to stdout, warnings and errors to stderr. */
export const consoleSink: LogSink = (level, line) => {
  if (level === 'info') console.log(line);
  else console.error(line);
};

export const silentSink: LogSink = () => {};
