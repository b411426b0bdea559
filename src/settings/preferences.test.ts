import { describe, expect, it } from 'vitest';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { applySetup } from '../engine/applySetup.ts';
import { DEFAULT_PREFERENCES, preferencesOf, updatePreferences } from './preferences.ts';

describe('device preferences', () => {
  it('defaults for a row stored before preferences existed', () => {
    expect(preferencesOf({})).toEqual(DEFAULT_PREFERENCES);
    expect(preferencesOf(null)).toEqual(DEFAULT_PREFERENCES);
    expect(DEFAULT_PREFERENCES).toMatchObject({ sound: true, haptics: true, verifyOnlineFirst: false, verifyTimeoutMs: 1_500, kioskPinHash: null });
  });

  it('are changed one at a time and survive a new setup link', async () => {
    const { db, nowDate } = createEngineFixture();
    expect(await updatePreferences(db, { sound: false })).toBe(false); // not set up: nothing to change
    await applySetup(db, TEST_CONFIG, 500, nowDate());
    expect(await updatePreferences(db, { sound: false })).toBe(true);
    expect(await updatePreferences(db, { occurrenceDate: '2026-11-24 19:00:00' })).toBe(true);
    await applySetup(db, { ...TEST_CONFIG, deviceName: 'South gate' }, 500, nowDate());
    const row = await db.settings.get('device');
    expect(row?.config.deviceName).toBe('South gate');
    expect(preferencesOf(row)).toMatchObject({ sound: false, haptics: true, occurrenceDate: '2026-11-24 19:00:00' });
  });

  it('forget the chosen occurrence when a new setup points at another event', async () => {
    const { db, nowDate } = createEngineFixture();
    await applySetup(db, TEST_CONFIG, 500, nowDate());
    await updatePreferences(db, { sound: false, occurrenceDate: '2026-11-24 19:00:00' });
    await applySetup(db, { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, eventId: 'another' } }, 500, nowDate());
    expect(preferencesOf(await db.settings.get('device'))).toMatchObject({ sound: false, occurrenceDate: null });
  });
});
