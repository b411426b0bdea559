// Setup QR codes: a setup link or bare setup JSON read into a config, damaged ones explained, tickets left alone; summaries keep secrets out.
import { describe, expect, it } from 'vitest';
import { gatewaySetupConfig } from '../../server/gateway/devices.ts';
import { TEST_CONFIG } from '../testing/engineFixture.ts';
import { looksLikeSetupCode } from '../contracts/setupCodeShape.ts';
import { cloneSetup, isGatewaySetup, nextDeviceName, nextDoorSetup, readSetupCode, setupQrText, summariseSetup } from './setupQr.ts';
import { buildSetupLink, encodeSetupConfig, type SetupConfig } from '../contracts/setupLink.ts';

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
      { label: 'Guest list', value: 'none (a file can be imported in Activity)' },
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
      { label: 'Guest list', value: 'from the gateway', previous: 'none (a file can be imported in Activity)' },
      { label: 'Venue time zone', value: 'Europe/London' },
      { label: 'Credentials', value: 'new' },
    ]);
    for (const secret of ['tonic-secret-token', 'another-secret', 'rsu-key-value', 'rsu-secret-value']) expect(JSON.stringify(facts)).not.toContain(secret);
    expect(summariseSetup(CONFIG, CONFIG).at(-1)).toEqual({ label: 'Credentials', value: 'the same' });
    const direct: SetupConfig = { ...CONFIG, guestList: { baseUrl: 'https://api.designmynight.com', appId: 'dmn-app-id', key: 'dmn-secret-key' } };
    const withList = summariseSetup(direct, CONFIG);
    expect(withList).toContainEqual({ label: 'Guest list', value: 'from DesignMyNight at api.designmynight.com', previous: 'none (a file can be imported in Activity)' });
    expect(withList.at(-1)).toEqual({ label: 'Credentials', value: 'new' });
    expect(summariseSetup({ ...direct, guestList: { ...direct.guestList, key: 'another-key' } }, direct).at(-1)).toEqual({ label: 'Credentials', value: 'new' });
    for (const secret of ['dmn-app-id', 'dmn-secret-key']) expect(JSON.stringify(withList)).not.toContain(secret);
    expect(summariseSetup(CONFIG, CONFIG).some((fact) => fact.previous !== undefined)).toBe(false);
  });
});

describe('cloneSetup', () => {
  it('copies the setup under the next device\'s name', () => {
    expect(cloneSetup(CONFIG, ' North gate 2 ')).toEqual({ ok: true, config: { ...CONFIG, deviceName: 'North gate 2' } });
    expect(cloneSetup(CONFIG, '')).toEqual({ ok: false, message: "The new device's name is empty." });
  });
});

describe('nextDoorSetup', () => {
  const TOKEN = 'k'.repeat(43);
  // What `npm run device:add` and the demo gateway hand a door: the gateway's paths and this door's own device token.
  const GATEWAY = gatewaySetupConfig('https://doors.example.org', 'North gate 1', TOKEN, {
    venueTimeZone: 'Europe/London',
    source: 'doorlist',
    tonic: { eventId: '60001c4569308525d873cbd7' },
    runsignup: { ticketEventId: 123 },
  } as Parameters<typeof gatewaySetupConfig>[3]);

  it('tells a gateway setup (absolute or same-origin, with or without a trailing slash) from a direct one', () => {
    expect(isGatewaySetup(GATEWAY)).toBe(true);
    expect(isGatewaySetup({ ...GATEWAY, tonic: { ...GATEWAY.tonic, baseUrl: '/api/tonic/' } })).toBe(true);
    expect(isGatewaySetup(CONFIG)).toBe(false);
    expect(isGatewaySetup({ ...CONFIG, tonic: { ...CONFIG.tonic, baseUrl: '/tonic' } })).toBe(false);
  });

  it('copies a direct setup under the new name, credentials and all', () => {
    expect(nextDoorSetup(CONFIG, ' North gate 2 ')).toEqual({ kind: 'copy', gateway: false, config: { ...CONFIG, deviceName: 'North gate 2' } });
  });

  it('never copies a gateway device token: it gives the organiser\'s enrol command for the new name instead', () => {
    const next = nextDoorSetup(GATEWAY, ' North gate 2 ');
    expect(next).toEqual({ kind: 'enrol', gateway: true, deviceName: 'North gate 2', command: 'npm run device:add -- --name "North gate 2"' });
    expect(JSON.stringify(next)).not.toContain(TOKEN);
    const copy = cloneSetup(GATEWAY, 'North gate 2');
    expect(copy).toEqual({ ok: false, message: 'A door set up through a gateway cannot be copied: each door needs its own setup link from the organiser.' });
    expect(JSON.stringify(copy)).not.toContain(TOKEN);
  });

  it('quotes a name the shell would otherwise change, so the gateway enrols exactly that name', () => {
    const commandFor = (name: string) => {
      const next = nextDoorSetup(GATEWAY, name);
      return next.kind === 'enrol' ? next.command : next.kind;
    };
    expect(commandFor('Bob\'s "VIP" door $1')).toBe(`npm run device:add -- --name 'Bob'\\''s "VIP" door $1'`);
    expect(commandFor("Bob's door")).toBe(`npm run device:add -- --name "Bob's door"`);
  });

  it('gives the enrol command on a withdrawn gateway device too (its token wiped): nothing of its setup is needed', () => {
    const withdrawn = { ...GATEWAY, tonic: { ...GATEWAY.tonic, token: '' }, runsignup: { ...GATEWAY.runsignup!, apiSecret: '' } };
    expect(nextDoorSetup(withdrawn, 'North gate 2')).toMatchObject({ kind: 'enrol', command: 'npm run device:add -- --name "North gate 2"' });
    expect(nextDoorSetup({ ...CONFIG, tonic: { ...CONFIG.tonic, token: '' } }, 'North gate 2')).toEqual({ kind: 'invalid', gateway: false, message: "This device's setup cannot be copied: tonic.token is empty." });
  });

  it('refuses a bad name for either kind of setup, and says which kind it is', () => {
    expect(nextDoorSetup(GATEWAY, '  ')).toEqual({ kind: 'invalid', gateway: true, message: "The new device's name is empty." });
    expect(nextDoorSetup(CONFIG, 'x'.repeat(61))).toEqual({ kind: 'invalid', gateway: false, message: "The new device's name is longer than 60 characters." });
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
