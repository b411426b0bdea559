// Reads a JSON request body against a zod schema and turns every failure into one readable sentence.
import type { z } from 'zod';

/** `["tickets", 2, "time"]` → `tickets[2].time`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

/** One readable sentence for a 400 reply: the first problem in full, and how many more there are. */
export function describeIssues(error: z.ZodError): string {
  const [first, ...rest] = error.issues;
  if (!first) return 'body is invalid';
  const where = formatPath(first.path);
  const sentence = where === '' ? first.message : `${where} ${first.message}`;
  return rest.length === 0 ? sentence : `${sentence} (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
}

export type ParsedBody<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a JSON body text against a schema; invalid JSON and schema failures become messages, not throws. */
export function parseJsonBody<T>(text: string, schema: z.ZodType<T>): ParsedBody<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `body must be valid JSON (${reason})` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: describeIssues(parsed.error) };
}
