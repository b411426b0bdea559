// Device tokens: 32 random bytes (base64url) handed out once, stored only as their SHA-256, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_TOKEN_BYTES = 32;

/** A new device token: 43 base64url characters, 256 bits from the OS's CSPRNG. */
export function newDeviceToken(random: (size: number) => Buffer = randomBytes): string {
  return random(DEVICE_TOKEN_BYTES).toString('base64url');
}

/** What the database keeps: SHA-256 of the token text, base64url. A stolen database gives no usable token. */
export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Constant-time equality of two stored-form hashes (the lookup by hash already matched; this guards the last step). */
export function sameTokenHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The device token a request carries: `Authorization: Bearer …`, or the RunSignup secret headers the app fills with it. */
export function deviceTokenFrom(header: (name: string) => string | undefined): string | null {
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(header('authorization') ?? '');
  if (bearer?.[1]) return bearer[1];
  for (const name of ['x-rsu-api-secret', 'x-checkin-api-secret']) {
    const value = header(name)?.trim();
    if (value) return value;
  }
  return null;
}
