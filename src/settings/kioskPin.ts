// The kiosk PIN: 4-8 digits, kept only as a salted PBKDF2-SHA256 hash (WebCrypto), `pbkdf2-sha256$<iterations>$<salt>$<hash>`.

/** OWASP's 2023 figure for PBKDF2-SHA256. A PIN has few possibilities, so the cost per guess is what protects the hash. */
export const PIN_HASH_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const FORMAT = 'pbkdf2-sha256';

export const PIN_RULE = 'The PIN is 4 to 8 digits.';

/** Why this is not a usable PIN, or null. */
export function pinProblem(pin: string): string | null {
  if (pin.length === 0) return 'Enter a PIN.';
  if (!/^\d+$/.test(pin)) return `${PIN_RULE} Use digits only.`;
  if (pin.length < 4 || pin.length > 8) return PIN_RULE;
  return null;
}

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

const fromBase64 = (text: string): Uint8Array | null => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return null; // an impossible length: the stored hash is damaged, which verifyPin reports as "not this PIN"
  }
};

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

export interface HashOptions {
  iterations?: number;
  /** Injected by tests for a known answer; otherwise 16 random bytes. */
  salt?: Uint8Array;
}

/** Hashes a PIN for storage. Refuses one that breaks the rule, so nothing weaker is ever stored. */
export async function hashPin(pin: string, options: HashOptions = {}): Promise<string> {
  const problem = pinProblem(pin);
  if (problem) throw new Error(problem);
  const iterations = options.iterations ?? PIN_HASH_ITERATIONS;
  const salt = options.salt ?? crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(pin, salt, iterations);
  return `${FORMAT}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** Whether `pin` matches the stored hash. A damaged or unknown stored value matches nothing. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [format, iterationsText, saltText, hashText, ...rest] = stored.split('$');
  if (format !== FORMAT || rest.length > 0 || !iterationsText || !/^\d{1,8}$/.test(iterationsText)) return false;
  const iterations = Number(iterationsText);
  const salt = saltText ? fromBase64(saltText) : null;
  const expected = hashText ? fromBase64(hashText) : null;
  if (iterations < 1 || !salt || !expected || expected.length !== HASH_BITS / 8) return false;
  if (pinProblem(pin)) return false;
  const actual = await derive(pin, salt, iterations);
  // Compare every byte whatever the first difference, so timing says nothing about how close a guess was.
  let difference = 0;
  for (let index = 0; index < expected.length; index += 1) difference |= (actual[index] ?? 0) ^ (expected[index] ?? 0);
  return difference === 0;
}
