import { describe, expect, it } from 'vitest';
import { recordScan } from '../door/recordScan.ts';
import { createEngineFixture, TEST_CONFIG } from '../testing/engineFixture.ts';
import { IN_PLAY_WINDOW_MS, numericTicketsInPlay } from './ticketsInPlay.ts';

describe('numericTicketsInPlay', () => {
  it('lists numeric tickets scanned in the last three hours, once each', async () => {
    const fixture = createEngineFixture();
    const scan = (payload: string) => recordScan({ db: fixture.db, now: fixture.nowDate, newId: fixture.newId }, TEST_CONFIG, { payload, input: 'camera' });
    await scan('2100');
    fixture.advance(IN_PLAY_WINDOW_MS + 1);
    await scan('2148');
    await scan('627e095671209038d339a182.627cb97471209027347177dc.2');
    await scan('2149');
    await scan('2148');
    expect((await numericTicketsInPlay(fixture.db, fixture.now())).sort()).toEqual(['2148', '2149']);
  });
});
