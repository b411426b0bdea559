// Settings edits → new SetupConfig: blank credentials kept, every bad field named in words, nothing built from a bad form.
import { describe, expect, it } from 'vitest';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { applySetup } from '../engine/applySetup.ts';
import { describeFieldError, editSettings, guestListPolicySources, maskSecret, parseHistoryDays, parseListMaxAgeMinutes, parseVerifyWaitMs, settingsFormOf, type CurrentSetup, type SettingsForm } from './editSettings.ts';
import { DEFAULT_LIST_MAX_AGE_MINUTES, guestListPolicyOf } from './preferences.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';

const CONFIG: SetupConfig = {
  ...TEST_CONFIG,
  tonic: { baseUrl: 'https://tonic.example.com/api', token: 'secret-tonic-token', eventId: 'event-1' },
  runsignup: { baseUrl: 'https://runsignup.com/API', ticketEventId: 123, apiKey: 'rsu-key-abcdef', apiSecret: 'rsu-secret-uvwxyz' },
};
const CURRENT: CurrentSetup = { config: CONFIG, batchSize: 500, asyncAboveBacklog: null };

const formWith = (patch: Partial<SettingsForm>): SettingsForm => ({ ...settingsFormOf(CURRENT), ...patch });

describe('settingsFormOf', () => {
  it('fills every field but the credentials, which stay blank', () => {
    expect(settingsFormOf(CURRENT)).toEqual({
      deviceName: 'North gate 1',
      venueTimeZone: 'Europe/London',
      tonicBaseUrl: 'https://tonic.example.com/api',
      tonicToken: '',
      tonicEventId: 'event-1',
      runsignupOn: true,
      runsignupBaseUrl: 'https://runsignup.com/API',
      runsignupTicketEventId: '123',
      runsignupApiKey: '',
      runsignupApiSecret: '',
      batchSize: '500',
      asyncAboveBacklog: '',
    });
    expect(settingsFormOf({ config: TEST_CONFIG, batchSize: 50, asyncAboveBacklog: 2_000 })).toMatchObject({ runsignupOn: false, batchSize: '50', asyncAboveBacklog: '2000' });
  });
});

describe('editSettings', () => {
  it('an untouched form changes nothing and keeps every credential', () => {
    const result = editSettings(CURRENT, settingsFormOf(CURRENT));
    expect(result).toMatchObject({ ok: true, changed: false });
    if (!result.ok) throw new Error('expected ok');
    expect(result.config.tonic.token).toBe('secret-tonic-token');
    expect(result.config.runsignup).toMatchObject({ apiKey: 'rsu-key-abcdef', apiSecret: 'rsu-secret-uvwxyz' });
  });

  it('a new name, zone, event and token make a new config; blank credentials are kept', () => {
    const result = editSettings(CURRENT, formWith({ deviceName: '  South gate ', venueTimeZone: 'America/New_York', tonicEventId: 'event-2', tonicToken: ' new-token ', batchSize: '50', asyncAboveBacklog: '1,000' }));
    expect(result).toEqual({
      ok: true,
      changed: true,
      config: {
        ...CONFIG,
        deviceName: 'South gate',
        venueTimeZone: 'America/New_York',
        tonic: { baseUrl: 'https://tonic.example.com/api', token: 'new-token', eventId: 'event-2' },
        sync: { batchSize: 50, asyncAboveBacklog: 1_000 },
      },
    });
  });

  it('names every bad field at once, in words, and builds nothing', () => {
    const result = editSettings(
      CURRENT,
      formWith({ deviceName: ' ', venueTimeZone: 'Mars/Olympus', tonicBaseUrl: 'tonic.example.com', tonicEventId: '', runsignupTicketEventId: 'abc', batchSize: '600', asyncAboveBacklog: '-5' }),
    );
    expect(result).toEqual({
      ok: false,
      other: [],
      errors: {
        deviceName: 'is empty',
        venueTimeZone: 'is not a known time zone (e.g. Europe/London)',
        tonicBaseUrl: 'is not a web address (e.g. https://tickets.example.com/api)',
        tonicEventId: 'is empty',
        runsignupTicketEventId: 'must be a whole number',
        batchSize: 'must be from 1 to 500',
        asyncAboveBacklog: 'must be a whole number',
      },
    });
    expect(describeFieldError('batchSize', 'must be from 1 to 500')).toBe('Scans per request must be from 1 to 500.');
  });

  it.each([
    ['ftp://tonic.example.com', 'must start with http://, https:// or / (same origin as the app)'],
    ['https://tonic example.com/api', 'is not a web address (e.g. https://tickets.example.com/api)'],
    ['https://', 'is not a web address (e.g. https://tickets.example.com/api)'],
    ['', 'is empty'],
  ])('refuses the Tonic address %j: %s', (tonicBaseUrl, problem) => {
    expect(editSettings(CURRENT, formWith({ tonicBaseUrl }))).toMatchObject({ ok: false, errors: { tonicBaseUrl: problem } });
  });

  it('takes a same-origin path as the Tonic address', () => {
    expect(editSettings(CURRENT, formWith({ tonicBaseUrl: '/tonic' }))).toMatchObject({ ok: true, config: { tonic: { baseUrl: '/tonic' } } });
  });

  it('turns RunSignup counts off, and on again only with a key and secret', () => {
    const off = editSettings(CURRENT, formWith({ runsignupOn: false, runsignupBaseUrl: 'not checked when off' }));
    if (!off.ok) throw new Error('expected ok');
    expect(off.config.runsignup).toBeUndefined();
    const withoutCounts: CurrentSetup = { config: off.config, batchSize: 500, asyncAboveBacklog: null };
    const on = { runsignupOn: true, runsignupBaseUrl: 'https://runsignup.com/API', runsignupTicketEventId: '7' };
    expect(editSettings(withoutCounts, { ...settingsFormOf(withoutCounts), ...on })).toMatchObject({
      ok: false,
      errors: { runsignupApiKey: 'is needed: this device has none yet', runsignupApiSecret: 'is needed: this device has none yet' },
    });
    expect(editSettings(withoutCounts, { ...settingsFormOf(withoutCounts), ...on, runsignupApiKey: 'k', runsignupApiSecret: 's' })).toMatchObject({
      ok: true,
      config: { runsignup: { baseUrl: 'https://runsignup.com/API', ticketEventId: 7, apiKey: 'k', apiSecret: 's' } },
    });
  });

  it('a device name over 60 characters is refused', () => {
    expect(editSettings(CURRENT, formWith({ deviceName: 'x'.repeat(61) }))).toMatchObject({ ok: false, errors: { deviceName: 'is longer than 60 characters' } });
  });

  it('clearing "send in bulk above" turns the async policy off', () => {
    const current: CurrentSetup = { config: { ...CONFIG, sync: { batchSize: 100, asyncAboveBacklog: 300 } }, batchSize: 100, asyncAboveBacklog: 300 };
    const result = editSettings(current, { ...settingsFormOf(current), asyncAboveBacklog: ' ' });
    expect(result).toMatchObject({ ok: true, changed: true, config: { sync: { batchSize: 100 } } });
    if (result.ok) expect(result.config.sync).not.toHaveProperty('asyncAboveBacklog');
  });

  it('the new config is what applySetup stores: batch size and async policy included', async () => {
    const { db, nowDate } = createEngineFixture();
    await applySetup(db, CONFIG, 500, nowDate());
    const result = editSettings(CURRENT, formWith({ batchSize: '25', asyncAboveBacklog: '400' }));
    if (!result.ok) throw new Error('expected ok');
    await applySetup(db, result.config, 500, nowDate());
    const row = await db.settings.get('device');
    expect(row).toMatchObject({ batchSize: 25, asyncAboveBacklog: 400, config: { tonic: { token: 'secret-tonic-token' } } });
    // Read back into the form, the stored row is "nothing changed".
    expect(editSettings(row!, settingsFormOf(row!))).toMatchObject({ ok: true, changed: false });
  });
});

describe('maskSecret', () => {
  it.each([
    ['demo-token', '••••••ken'],
    ['secret-tonic-token', '••••••ken'],
    ['12345678', '••••••'],
    ['t', '••••••'],
  ])('%j → %j', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
    expect(masked.replace(/•/g, '').length).toBeLessThanOrEqual(3);
  });
});

describe('parseVerifyWaitMs', () => {
  it.each([
    ['1500', { ok: true, value: 1_500 }],
    [' 2,000 ', { ok: true, value: 2_000 }],
    ['50', { ok: false, message: 'The wait must be from 200 to 10,000 ms.' }],
    ['1.5', { ok: false, message: 'The wait must be a number of milliseconds, from 200 to 10,000.' }],
    ['', { ok: false, message: 'The wait must be a number of milliseconds, from 200 to 10,000.' }],
  ])('%j', (text, expected) => {
    expect(parseVerifyWaitMs(text)).toEqual(expected);
  });
});

describe('the days of scan history in Settings', () => {
  it('reads 1 to 365 days, and refuses anything else in words', () => {
    expect(parseHistoryDays(' 7 ')).toEqual({ ok: true, value: 7 });
    expect(parseHistoryDays('1')).toEqual({ ok: true, value: 1 });
    expect(parseHistoryDays('365')).toEqual({ ok: true, value: 365 });
    for (const bad of ['', '0', '366', 'two weeks', '1.5', '-3']) {
      expect(parseHistoryDays(bad)).toEqual({ ok: false, message: 'The days must be a whole number from 1 to 365 (a year). Nothing was changed.' });
    }
  });
});

describe('the guest-list policy in Settings', () => {
  it('reads the minutes a list stays current, with the reason in words when they cannot be used', () => {
    expect(parseListMaxAgeMinutes(' 90 ')).toEqual({ ok: true, value: 90 });
    expect(parseListMaxAgeMinutes('10,080')).toEqual({ ok: true, value: 10_080 });
    for (const bad of ['', '0', '10081', 'two hours', '1.5']) {
      expect(parseListMaxAgeMinutes(bad)).toEqual({ ok: false, message: 'The minutes must be a whole number from 1 to 10,080 (a week).' });
    }
  });

  it('says where each part of the policy comes from: this device over the setup link over the default', () => {
    const none = { unknownCodes: null, listMaxAgeMinutes: null };
    expect(guestListPolicySources({}, none)).toEqual({ unknownCodes: 'default', maxAgeMinutes: 'default' });
    expect(guestListPolicySources({ guestList: { unknownCodes: 'refuse' } }, none)).toEqual({ unknownCodes: 'setup', maxAgeMinutes: 'default' });
    expect(guestListPolicySources({ guestList: { unknownCodes: 'refuse', maxAgeMinutes: 60 } }, { unknownCodes: 'admit', listMaxAgeMinutes: null })).toEqual({ unknownCodes: 'device', maxAgeMinutes: 'setup' });
    expect(guestListPolicyOf({ guestList: { unknownCodes: 'refuse', maxAgeMinutes: 60 } }, { unknownCodes: 'admit', listMaxAgeMinutes: null })).toEqual({ unknownCodes: 'admit', maxAgeMinutes: 60 });
    expect(guestListPolicyOf({}, none)).toEqual({ unknownCodes: 'admit', maxAgeMinutes: DEFAULT_LIST_MAX_AGE_MINUTES });
  });
});
