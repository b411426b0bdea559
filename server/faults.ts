// Injected network faults for tests: what can be asked for, how settings merge, and which fault a request gets.
import { z } from 'zod';

const pathPrefix = z.string().startsWith('/', 'must start with /').optional();
const count = z.number().int().min(1, 'must be at least 1');

export const faultSettingsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  failNext: z
    .strictObject({
      status: z.number().int().min(400).max(599),
      count,
      path: pathPrefix,
      retryAfterSeconds: z.number().int().min(0).optional(),
      body: z.string().optional(),
    })
    .optional(),
  dropNext: z.strictObject({ count, path: pathPrefix, afterProcessing: z.boolean().optional() }).optional(),
  malformedNext: z.strictObject({ count, path: pathPrefix }).optional(),
  /**
   * After `after` more matching requests, each later one waits, unanswered, until the test releases it
   * (POST /__control/faults/release) or clears the faults: a state a test checks or photographs stays on screen for as
   * long as it looks, however fast or slow the machine. Release it within the app's request deadline (15 s): a request
   * its client gave up on is still worked on at release.
   */
  hold: z.strictObject({ after: z.number().int().min(0, 'must be 0 or more'), path: pathPrefix }).optional(),
});

export type FaultSettings = z.infer<typeof faultSettingsSchema>;
type FailNext = NonNullable<FaultSettings['failNext']>;

/** The one fault a request meets; latency is separate because it applies to every request. */
export type ChosenFault =
  | { kind: 'none' }
  | { kind: 'fail'; status: number; retryAfterSeconds?: number; body?: string }
  | { kind: 'drop'; afterProcessing: boolean }
  | { kind: 'malformed' };

export const CAPTIVE_PORTAL_HTML = '<html>captive portal</html>';

/** Later settings replace earlier ones key by key, so a test can add latency without losing a pending failNext. */
export function mergeFaultSettings(current: FaultSettings, update: FaultSettings): FaultSettings {
  return { ...current, ...update };
}

const matches = (rule: { path?: string | undefined }, path: string): boolean => rule.path === undefined || path.startsWith(rule.path);

/**
 * Picks and consumes the fault for one request. Drop comes first (it is the harshest), then fail, then malformed;
 * one request consumes at most one counted fault so counts stay predictable.
 */
export function takeFault(settings: FaultSettings, path: string): { fault: ChosenFault; remaining: FaultSettings } {
  const { dropNext, failNext, malformedNext } = settings;
  if (dropNext && matches(dropNext, path)) {
    const remaining = { ...settings, dropNext: dropNext.count > 1 ? { ...dropNext, count: dropNext.count - 1 } : undefined };
    return { fault: { kind: 'drop', afterProcessing: dropNext.afterProcessing === true }, remaining };
  }
  if (failNext && matches(failNext, path)) {
    const remaining = { ...settings, failNext: failNext.count > 1 ? { ...failNext, count: failNext.count - 1 } : undefined };
    return { fault: failFault(failNext), remaining };
  }
  if (malformedNext && matches(malformedNext, path)) {
    const remaining = {
      ...settings,
      malformedNext: malformedNext.count > 1 ? { ...malformedNext, count: malformedNext.count - 1 } : undefined,
    };
    return { fault: { kind: 'malformed' }, remaining };
  }
  return { fault: { kind: 'none' }, remaining: settings };
}

/** Whether this request waits for a release; a request let through the hold counts down its `after`. */
export function takeHold(settings: FaultSettings, path: string): { held: boolean; remaining: FaultSettings } {
  const { hold } = settings;
  if (!hold || !matches(hold, path)) return { held: false, remaining: settings };
  if (hold.after === 0) return { held: true, remaining: settings };
  return { held: false, remaining: { ...settings, hold: { ...hold, after: hold.after - 1 } } };
}

function failFault(rule: FailNext): ChosenFault {
  return {
    kind: 'fail',
    status: rule.status,
    ...(rule.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: rule.retryAfterSeconds }),
    ...(rule.body === undefined ? {} : { body: rule.body }),
  };
}
