// What staff read about the guest list: the top bar's line and the pre-doors row, green, amber and red, in plain words.
import { describe, expect, it } from 'vitest';
import { checkGuestList } from '../readiness/preDoorsCheck.ts';
import { applySetup } from '../engine/applySetup.ts';
import { updatePreferences } from '../settings/preferences.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { entryFixture, metaFixture } from '../testing/guestListFixtures.ts';
import { emptyGuestListState, noteGuestListProblem, replaceGuestList } from './deviceGuestList.ts';
import type { GuestListMeta } from '../model/guestListEntry.ts';
import { describeGuestListBar, describeGuestListCheck, type GuestListFacts } from './guestListStatus.ts';

const NOW = Date.parse('2026-11-24T19:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

function facts(meta: Partial<GuestListMeta> | null, patch: Partial<GuestListFacts> = {}, state: Partial<GuestListFacts['state']> = {}): GuestListFacts {
  return {
    state: { ...emptyGuestListState(), ...(meta === null ? {} : { meta: metaFixture({ size: 12_418, fetchedAt: minutesAgo(3), ...meta }), origin: 'gateway' as const }), ...state },
    occurrence: '2026-11-24',
    doorCount: meta === null ? 0 : 12_418,
    policy: { unknownCodes: 'admit', maxAgeMinutes: 240 },
    source: 'gateway',
    runsignup: false,
    ...patch,
  };
}

describe('the top bar line', () => {
  it('says the size and age of a fresh list', () => {
    expect(describeGuestListBar(facts({}), NOW)).toEqual({ tone: 'ok', text: 'Guest list: 12,418 tickets, 3 min old' });
    expect(describeGuestListBar(facts({ fetchedAt: minutesAgo(0.5) }), NOW).text).toBe('Guest list: 12,418 tickets, under 1 min old');
  });

  it("names the door's date when the list holds others too", () => {
    expect(describeGuestListBar(facts({ occurrences: ['2026-11-24', '2026-11-25'] }, { doorCount: 1 }), NOW).text).toBe('Guest list: 1 ticket for Tue 24 Nov, 3 min old');
  });

  it('goes amber when old or when the last refresh failed, red when there is none', () => {
    expect(describeGuestListBar(facts({ fetchedAt: minutesAgo(300) }), NOW)).toEqual({ tone: 'warn', text: 'Guest list: 12,418 tickets, 5 h old (out of date)' });
    expect(describeGuestListBar(facts({}, {}, { lastError: 'Cannot reach the gateway' }), NOW).tone).toBe('warn');
    expect(describeGuestListBar(facts(null), NOW)).toEqual({ tone: 'bad', text: 'No guest list' });
    expect(describeGuestListBar(facts({ occurrences: ['2026-11-25'] }, { doorCount: 0 }), NOW)).toEqual({ tone: 'bad', text: 'Guest list: none for Tue 24 Nov' });
    expect(describeGuestListBar(facts({ mapping: { listedConfirmed: 4, unlistedConfirmed: 3 } }), NOW)).toEqual({ tone: 'bad', text: 'Guest list: 12,418 tickets, not trusted' });
  });
});

describe('the pre-doors row', () => {
  it('is green with the size, age and date, and how it refreshes', () => {
    expect(describeGuestListCheck(facts({ mapping: { listedConfirmed: 1, unlistedConfirmed: 0 } }), 'Europe/London', NOW)).toEqual({
      status: 'ok',
      title: 'Guest list: 12,418 tickets, 3 min old',
      detail: 'Ticket codes not on the list are refused, also offline. The count is for Tue 24 Nov, the date this door checks in. It refreshes from the gateway every 1 minute while online.',
      offerImport: false,
    });
  });

  it('says that codes not on the list are let in, in amber, until Tonic has confirmed one listed ticket (this device or any door)', () => {
    const unconfirmed = describeGuestListCheck(facts({ mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } }), 'Europe/London', NOW);
    expect(unconfirmed).toMatchObject({ status: 'ok', title: 'Guest list: 12,418 tickets, 3 min old' });
    expect(unconfirmed.detail).toContain('Until Tonic has confirmed one listed ticket, a code not on the list is let in with an amber warning and checked with Tonic');
    const confirmedHere = describeGuestListCheck(facts({ mapping: { listedConfirmed: 0, unlistedConfirmed: 0 } }, {}, { localMapping: { listedConfirmed: 2, unlistedConfirmed: 0 } }), 'Europe/London', NOW);
    expect(confirmedHere.detail).toMatch(/^Ticket codes not on the list are refused, also offline\./);
  });

  it('is red when there is none, saying what it means and what to do for each kind of setup', () => {
    const none = describeGuestListCheck(facts(null), 'Europe/London', NOW);
    expect(none).toMatchObject({ status: 'bad', title: 'No guest list on this door', offerImport: true });
    expect(none.detail).toContain('cannot tell a forged or made-up code from a real ticket');
    expect(none.detail).toContain('comes from the gateway');
    expect(none.detail).toContain('let in with an amber "Not checked against a guest list"');
    expect(describeGuestListCheck(facts(null, { source: 'dmn' }), 'Europe/London', NOW).detail).toContain('downloads from DesignMyNight');
    expect(describeGuestListCheck(facts(null, { source: null, policy: { unknownCodes: 'refuse', maxAgeMinutes: 240 } }), 'Europe/London', NOW).detail).toMatch(/import the box office's list file in Activity.*never seen are refused/);
  });

  it("is red when the list has nothing for the door's date", () => {
    expect(describeGuestListCheck(facts({ occurrences: ['2026-11-25'] }, { doorCount: 0 }), 'Europe/London', NOW)).toMatchObject({
      status: 'bad',
      title: 'No guest list for Tue 24 Nov',
      detail: expect.stringContaining('Check the date on the Event screen'),
    });
  });

  it('is red when confirmed check-ins showed the list does not match the codes, from the gateway or this device', () => {
    const broken = describeGuestListCheck(facts({ mapping: { listedConfirmed: 10, unlistedConfirmed: 3 } }), 'Europe/London', NOW);
    expect(broken).toMatchObject({ status: 'bad', title: 'Guest list not trusted: unknown codes are not refused' });
    expect(broken.detail).toContain('Tonic accepted 3 tickets that were not on the list');
    const local = describeGuestListCheck(facts({}, {}, { localMapping: { listedConfirmed: 0, unlistedConfirmed: 5 } }), 'Europe/London', NOW);
    expect(local.status).toBe('bad');
    expect(describeGuestListCheck(facts({ mapping: { listedConfirmed: 10, unlistedConfirmed: 2 } }), 'Europe/London', NOW).status).toBe('ok');
  });

  it('is amber when older than the door trusts, by its own limit', () => {
    const stale = describeGuestListCheck(facts({ fetchedAt: minutesAgo(61) }, { policy: { unknownCodes: 'admit', maxAgeMinutes: 60 } }), 'Europe/London', NOW);
    expect(stale).toMatchObject({ status: 'warn', title: 'Guest list 61 min old: out of date' });
    expect(stale.detail).toContain('older than the 60 minutes this door trusts a list for');
    expect(describeGuestListCheck(facts({ fetchedAt: minutesAgo(59) }, { policy: { unknownCodes: 'admit', maxAgeMinutes: 60 } }), 'Europe/London', NOW).status).toBe('ok');
  });

  it('says the last refresh failed and until when it waits, in venue time', () => {
    const waiting = describeGuestListCheck(facts({}, {}, { lastError: "DesignMyNight's hourly limit for guest lists is used up; the list on this door was kept.", retryAt: '2026-11-24T20:00:00.000Z' }), 'Europe/London', NOW);
    expect(waiting.status).toBe('warn');
    expect(waiting.detail).toContain("The last refresh failed: DesignMyNight's hourly limit for guest lists is used up; the list on this door was kept. This door asks again after 20:00.");
  });

  it('warns about RunSignup numbers a list without numbers does not cover', () => {
    expect(describeGuestListCheck(facts({}, { runsignup: true }), 'Europe/London', NOW).detail).toContain('RunSignup numbers are not on this list');
    expect(describeGuestListCheck(facts({ holdsNumbers: true }, { runsignup: true }), 'Europe/London', NOW).detail).not.toContain('RunSignup');
  });

  it("reads the device: the door's chosen date, the list's count for it, its last error; offers the import when there is none", async () => {
    const fixture = createEngineFixture('2026-11-24T19:00:00Z');
    const deps = { db: fixture.db, config: TEST_CONFIG, now: fixture.now, appOrigin: 'https://doors.example' };
    await applySetup(fixture.db, TEST_CONFIG, 50, fixture.nowDate());
    expect(await checkGuestList(deps)).toMatchObject({ id: 'guestList', status: 'bad', action: { kind: 'openActivity', label: 'Import a list in Activity' } });
    await replaceGuestList(fixture.db, [entryFixture(1), entryFixture(2), entryFixture(3, { occurrence: '2026-11-25' })], {
      meta: metaFixture({ occurrences: ['2026-11-24', '2026-11-25'], fetchedAt: minutesAgo(3), mapping: { listedConfirmed: 1, unlistedConfirmed: 0 } }),
      origin: 'file',
      syncedAt: 'x',
    });
    expect(await checkGuestList(deps)).toEqual({
      id: 'guestList',
      status: 'ok',
      title: 'Guest list: 2 tickets for Tue 24 Nov, 3 min old',
      detail: 'Ticket codes not on the list are refused, also offline. The count is for Tue 24 Nov, the date this door checks in. Imported from a file: it changes only when a new file is imported.',
    });
    await updatePreferences(fixture.db, { occurrenceDate: '2026-11-25' });
    await noteGuestListProblem(fixture.db, 'Cannot reach the gateway for the guest list; the list on this door was kept.');
    expect(await checkGuestList(deps)).toMatchObject({ status: 'warn', title: 'Guest list: 1 ticket for Wed 25 Nov, 3 min old', detail: expect.stringContaining('The last refresh failed: Cannot reach the gateway') });
  });
});
