// Setup QR codes: a setup link or bare setup JSON read into a config, damaged ones explained, tickets left alone; summaries keep secrets out.
import { describe, expect, it } from 'vitest';
import { TEST_CONFIG } from '../testing/engineFixture.ts';
import { looksLikeSetupCode } from './setupCodeShape.ts';
import { cloneSetup, nextDeviceName, readSetupCode, setupQrText, summariseSetup } from './setupQr.ts';
import { buildSetupLink, encodeSetupConfig, type SetupConfig } from './setupLink.ts';

const CONFIG: SetupConfig = {
  ...TEST_CONFIG,
  tonic: { baseUrl: 'https://tonic.example.com/api', token: 'tonic-secret-token', eventId: '60001c4569308525d873cbd7' },
  runsignup: { baseUrl: 'https://runsignup.com/API', ticketEventId: 123, apiKey: 'rsu-key-value', apiSecret: 'rsu-secret-value' },
};

describe('readSetupCode', () => {
  it('reads the setup link that "Show setup QR" makes, from any app origin', () => {
    const text = setupQrText('https://doors.example.org', CONFIG);
    expect(text).toBe(buildSetupLink('https://doors.example.org', CONFIG));
    expect(readSetupCode(text)).toEqual({ kind: 'setup', config: CONFIG });
    expect(readSetupCode(`  ${buildSetupLink('http://127.0.0.1:8787', CONFIG)}\n`)).toEqual({ kind: 'setup', config: CONFIG });
    expect(readSetupCode(`https://a.example/app/setup#x=1&config=${encodeSetupConfig(CONFIG)}`)).toEqual({ kind: 'setup', config: CONFIG });
  });

  it('reads bare setup JSON, filling defaults like a link does', () => {
    const { source: _source, ...withoutSource } = CONFIG;
    expect(readSetupCode(JSON.stringify(withoutSource))).toEqual({ kind: 'setup', config: { ...CONFIG, source: 'doorlist' } });
  });

  it('explains a setup code it cannot use, without applying anything', () => {
    expect(readSetupCode('https://doors.example.org/setup#config=%%%')).toEqual({
      kind: 'unusable',
      message: 'This setup code is damaged: its configuration is not valid base64url.',
    });
    const wrong = readSetupCode(JSON.stringify({ ...CONFIG, v: 2 }));
    expect(wrong).toEqual({ kind: 'unusable', message: 'This setup code is incomplete or wrong: v unsupported version (this app reads version 1).' });
    expect(readSetupCode('{"tonic": oops}')).toEqual({ kind: 'unusable', message: 'This setup code is damaged: its configuration is not valid JSON.' });
  });

  it.each([
    '627e095671209038d339a182.627cb97471209027347177dc.2',
    '2148',
    'https://doors.example.org/setup',
    'https://doors.example.org/settings#config=abc',
    'https://example.com/menu',
    '{"ticket": "2148"}',
    'WIFI:S:venue;T:WPA;P:secret;;',
  ])('%j is not a setup code', (text) => {
    expect(readSetupCode(text)).toEqual({ kind: 'notSetup' });
    expect(looksLikeSetupCode(text)).toBe(false);
  });
});

describe('summariseSetup', () => {
  it('says what a setup will set and never shows a credential', () => {
    const facts = summariseSetup(CONFIG);
    expect(facts).toEqual([
      { label: 'Device name', value: 'North gate 1' },
      { label: 'Event', value: '60001c4569308525d873cbd7' },
      { label: 'Check-ins go to', value: 'tonic.example.com' },
      { label: 'RunSignup counts', value: 'ticket event 123 at runsignup.com' },
      { label: 'Venue time zone', value: 'Europe/London' },
    ]);
    const shown = JSON.stringify(facts);
    for (const secret of ['tonic-secret-token', 'rsu-key-value', 'rsu-secret-value']) expect(shown).not.toContain(secret);
    expect(summariseSetup({ ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, baseUrl: '/tonic' } })).toContainEqual({ label: 'RunSignup counts', value: 'off' });
  });

  it('replacing a setup, says what each changed fact was, and whether the credentials change without showing them', () => {
    const next: SetupConfig = { ...CONFIG, deviceName: 'South gate', tonic: { ...CONFIG.tonic, baseUrl: 'https://doors.example.org/api/tonic', token: 'another-secret' } };
    const facts = summariseSetup(next, CONFIG);
    expect(facts).toEqual([
      { label: 'Device name', value: 'South gate', previous: 'North gate 1' },
      { label: 'Event', value: '60001c4569308525d873cbd7' },
      { label: 'Check-ins go to', value: 'doors.example.org', previous: 'tonic.example.com' },
      { label: 'RunSignup counts', value: 'ticket event 123 at runsignup.com' },
      { label: 'Venue time zone', value: 'Europe/London' },
      { label: 'Credentials', value: 'new' },
    ]);
    for (const secret of ['tonic-secret-token', 'another-secret', 'rsu-key-value', 'rsu-secret-value']) expect(JSON.stringify(facts)).not.toContain(secret);
    expect(summariseSetup(CONFIG, CONFIG).at(-1)).toEqual({ label: 'Credentials', value: 'the same' });
    expect(summariseSetup(CONFIG, CONFIG).some((fact) => fact.previous !== undefined)).toBe(false);
  });
});

describe('cloneSetup', () => {
  it('copies the setup under the next device\'s name', () => {
    expect(cloneSetup(CONFIG, ' North gate 2 ')).toEqual({ ok: true, config: { ...CONFIG, deviceName: 'North gate 2' } });
    expect(cloneSetup(CONFIG, '')).toEqual({ ok: false, message: "The new device's name is empty." });
  });
});

describe('nextDeviceName', () => {
  it.each([
    ['North gate 1', 'North gate 2'],
    ['Door 9', 'Door 10'],
    ['Box office', 'Box office 2'],
    ['x'.repeat(60), 'x'.repeat(60)],
  ])('%j → %j', (name, next) => {
    expect(nextDeviceName(name)).toBe(next);
  });
});
