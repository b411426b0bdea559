import { describe, expect, it } from 'vitest';
import { MAX_SCANS_PER_REQUEST } from './batchLimits.ts';
import { buildSetupLink, encodeSetupConfig, parseSetupFragment, type SetupConfig } from './setupLink.ts';

const config: SetupConfig = {
  v: 1,
  deviceName: 'North gate 1',
  source: 'doorlist',
  venueTimeZone: 'Europe/London',
  tonic: { baseUrl: 'https://tonic.example/api', token: 't0k3n/+=', eventId: '60001c4569308525d873cbd7' },
  runsignup: { baseUrl: '/runsignup', ticketEventId: 123, apiKey: 'k', apiSecret: 's' },
};

describe('setup link (public contract, version 1)', () => {
  it('round-trips through a link, with characters that base64 and URLs treat specially', () => {
    const link = buildSetupLink('https://door.example/', { ...config, deviceName: 'Porte Nord · Entrée 2' });
    expect(link.startsWith('https://door.example/setup#config=')).toBe(true);
    expect(parseSetupFragment(new URL(link).hash)).toEqual({ ok: true, config: { ...config, deviceName: 'Porte Nord · Entrée 2' } });
  });

  it('reads a version 1 link made before the optional sync settings existed, and one that has them', () => {
    expect(parseSetupFragment(`#config=${encodeSetupConfig(config)}`)).toMatchObject({ ok: true, config: { deviceName: 'North gate 1' } });
    const withSync = parseSetupFragment(`#config=${encodeSetupConfig({ ...config, sync: { batchSize: 100, asyncAboveBacklog: 2000 } })}`);
    expect(withSync.ok && withSync.config.sync).toEqual({ batchSize: 100, asyncAboveBacklog: 2000 });
  });

  it('refuses impossible sync settings, saying which', () => {
    const result = parseSetupFragment(`#config=${encodeSetupConfig({ ...config, sync: { batchSize: 5000 } })}`);
    expect(!result.ok && result.message).toMatch(/sync\.batchSize/);
  });

  it('takes up to 500 scans a request (the shared batch cap) and refuses 501 with the words it always used', () => {
    expect(MAX_SCANS_PER_REQUEST).toBe(500); // a public bound: links made for 500 must keep working
    const most = parseSetupFragment(`#config=${encodeSetupConfig({ ...config, sync: { batchSize: MAX_SCANS_PER_REQUEST } })}`);
    expect(most.ok && most.config.sync).toEqual({ batchSize: 500 });
    expect(parseSetupFragment(`#config=${encodeSetupConfig({ ...config, sync: { batchSize: MAX_SCANS_PER_REQUEST + 1 } })}`)).toEqual({
      ok: false,
      message: 'This setup link is incomplete or wrong: sync.batchSize Too big: expected number to be <=500.',
    });
  });

  it('reads the optional guest list: DesignMyNight credentials, a policy alone, and a link without it', () => {
    const direct = { ...config, guestList: { baseUrl: 'https://api.designmynight.com', appId: 'app', key: 'k3y', unknownCodes: 'refuse' as const, maxAgeMinutes: 90 } };
    expect(parseSetupFragment(`#config=${encodeSetupConfig(direct)}`)).toEqual({ ok: true, config: direct });
    const policyOnly = { ...config, guestList: { unknownCodes: 'admit' as const } }; // a gateway setup: the gateway holds the credentials
    expect(parseSetupFragment(`#config=${encodeSetupConfig(policyOnly)}`)).toEqual({ ok: true, config: policyOnly });
    const old = parseSetupFragment(`#config=${encodeSetupConfig(config)}`);
    expect(old.ok && old.config.guestList).toBeUndefined();
  });

  it('refuses guest list credentials given in part, saying what is needed', () => {
    const result = parseSetupFragment(`#config=${encodeSetupConfig({ ...config, guestList: { baseUrl: 'https://api.designmynight.com', appId: 'app' } })}`);
    expect(result).toEqual({ ok: false, message: 'This setup link is incomplete or wrong: guestList needs baseUrl, appId and key together (or none of them).' });
  });

  it('accepts standard base64 pasted by hand (+ and / and padding)', () => {
    const standard = Buffer.from(JSON.stringify(config)).toString('base64');
    expect(parseSetupFragment(`#config=${standard}`).ok).toBe(true);
  });
});
