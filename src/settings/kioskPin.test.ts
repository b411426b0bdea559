// Kiosk PIN hashing: the stored format, a known answer from Node's own PBKDF2, right and wrong PINs, damaged hashes.
import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin, PIN_HASH_ITERATIONS, pinProblem, verifyPin } from './kioskPin.ts';

const FAST = { iterations: 1_000 }; // the format and logic, not the cost, are under test

describe('pinProblem', () => {
  it.each([
    ['1234', null],
    ['12345678', null],
    ['', 'Enter a PIN.'],
    ['123', 'The PIN is 4 to 8 digits.'],
    ['123456789', 'The PIN is 4 to 8 digits.'],
    ['12a4', 'The PIN is 4 to 8 digits. Use digits only.'],
    ['１２３４', 'The PIN is 4 to 8 digits. Use digits only.'], // full-width digits are not what the keypad types
    [' 1234', 'The PIN is 4 to 8 digits. Use digits only.'],
  ])('%j → %j', (pin, problem) => {
    expect(pinProblem(pin)).toBe(problem);
  });
});

describe('hashPin / verifyPin', () => {
  it('stores pbkdf2-sha256$<iterations>$<salt>$<hash>, the same bytes as Node computes', async () => {
    const salt = new Uint8Array(16).map((_, index) => index);
    const stored = await hashPin('2468', { iterations: 1_000, salt });
    const expected = pbkdf2Sync('2468', Buffer.from(salt), 1_000, 32, 'sha256').toString('base64');
    expect(stored).toBe(`pbkdf2-sha256$1000$${Buffer.from(salt).toString('base64')}$${expected}`);
    expect(stored).not.toContain('2468');
  });

  it('uses OWASP\'s iteration count and a fresh salt by default', async () => {
    expect(PIN_HASH_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const [first, second] = await Promise.all([hashPin('1357'), hashPin('1357')]);
    expect(first.split('$')[1]).toBe(String(PIN_HASH_ITERATIONS));
    expect(first.split('$')[2]).not.toBe(second.split('$')[2]);
    expect(first).not.toBe(second);
    expect(await verifyPin('1357', first)).toBe(true);
  });

  it('the right PIN matches; any other does not', async () => {
    const stored = await hashPin('90210', FAST);
    expect(await verifyPin('90210', stored)).toBe(true);
    for (const wrong of ['90211', '9021', '090210', '', 'abcd', '90210 ']) expect(await verifyPin(wrong, stored)).toBe(false);
  });

  it('every byte of the hash counts, the last as much as the first', async () => {
    const stored = await hashPin('5555', FAST);
    const [format, iterations, salt, hash] = stored.split('$');
    const bytes = Buffer.from(hash!, 'base64');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 1, bytes.length - 1);
    expect(await verifyPin('5555', [format, iterations, salt, bytes.toString('base64')].join('$'))).toBe(false);
  });

  it('refuses to hash a PIN that breaks the rule', async () => {
    await expect(hashPin('12', FAST)).rejects.toThrow('The PIN is 4 to 8 digits.');
  });

  it('a damaged or unknown stored value matches nothing (and does not throw)', async () => {
    const stored = await hashPin('4321', FAST);
    const [, iterations, salt, hash] = stored.split('$');
    for (const damaged of [
      '',
      '4321',
      `sha1$${iterations}$${salt}$${hash}`,
      `pbkdf2-sha256$0$${salt}$${hash}`,
      `pbkdf2-sha256$x$${salt}$${hash}`,
      `pbkdf2-sha256$${iterations}$***$${hash}`,
      `pbkdf2-sha256$${iterations}$${salt}$${hash!.slice(0, 20)}`,
      `pbkdf2-sha256$${iterations}$${salt}$${hash}$extra`,
      `pbkdf2-sha256$${iterations}$${salt}`,
    ]) {
      expect(await verifyPin('4321', damaged), damaged).toBe(false);
    }
  });
});
