// POST /csp-report: browsers report CSP violations here (no device token: a browser sends them on its own); logged, kept briefly.
import type { Handler } from 'hono';
import type { GatewayLog } from './gatewayLog.ts';
import { TokenBuckets } from './rateLimit.ts';

export const CSP_REPORT_PATH = '/csp-report';
export const MAX_REPORT_BYTES = 16 * 1024;
const KEPT_REPORTS = 100;

export interface CspReport {
  directive: string;
  /** `eval`, `inline`, or the blocked URL without its query (which could carry anything). */
  blocked: string;
  /** The script that caused it, path and line, without a query. */
  source: string;
}

const withoutQuery = (value: unknown): string => {
  if (typeof value !== 'string' || value === '') return '';
  try {
    const url = new URL(value);
    return `${url.origin}${url.pathname}`;
  } catch {
    return value.slice(0, 40); // `eval`, `inline`, `self`: words, not URLs
  }
};

/** Reads a `application/csp-report` body (report-uri's format); null when it is not one. */
export function readCspReport(text: string): CspReport | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null; // not a report: nothing to keep
  }
  const report = typeof json === 'object' && json !== null && 'csp-report' in json ? (json as { 'csp-report': unknown })['csp-report'] : null;
  if (typeof report !== 'object' || report === null) return null;
  const fields = report as Record<string, unknown>;
  const directive = fields['effective-directive'] ?? fields['violated-directive'];
  const line = typeof fields['line-number'] === 'number' ? `:${fields['line-number']}` : '';
  return {
    directive: typeof directive === 'string' ? directive.slice(0, 60) : 'unknown',
    blocked: withoutQuery(fields['blocked-uri']),
    source: `${withoutQuery(fields['source-file'])}${line}`,
  };
}

export class CspReportLog {
  readonly recent: CspReport[] = [];
  private readonly buckets = new TokenBuckets(5, 20);

  constructor(private readonly log: GatewayLog) {}

  /** The handler; mount it after a body limit of MAX_REPORT_BYTES. */
  handler(): Handler {
    return async (c) => {
      // One bucket for everyone: reports are anonymous, and a flood of them must not flood the log.
      if (!this.buckets.take('all').allowed) return c.body(null, 429);
      const text = await c.req.text();
      const report = readCspReport(text);
      if (!report) return c.body(null, 400);
      this.recent.push(report);
      if (this.recent.length > KEPT_REPORTS) this.recent.shift();
      this.log.warn(`CSP violation: ${report.directive} blocked ${report.blocked || 'something'}${report.source ? ` (${report.source})` : ''}`);
      return c.body(null, 204);
    };
  }
}
