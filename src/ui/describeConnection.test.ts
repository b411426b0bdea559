// The top bar's connection words: the truth when the browser says online but no server answers.
import { describe, expect, it } from 'vitest';
import { CONNECTION_WORDS, connectionState, lastTryText } from './describeConnection.ts';

const AT = Date.UTC(2026, 10, 24, 19, 4, 0);

describe('connectionState', () => {
  it("says it can't reach the server when the last send found no server, though the browser says online", () => {
    expect(connectionState({ online: true, scansBlocked: false, lastFailure: { at: AT, kind: 'network' } })).toBe('unreachable');
    expect(connectionState({ online: true, scansBlocked: false, lastFailure: { at: AT, kind: 'timeout' } })).toBe('unreachable');
    expect(CONNECTION_WORDS.unreachable).toBe("Can't reach the server");
  });

  it('says online again once a send succeeded (the failure is cleared), and for failures a server answered', () => {
    expect(connectionState({ online: true, scansBlocked: false, lastFailure: null })).toBe('online');
    expect(connectionState({ online: true, scansBlocked: false, lastFailure: undefined })).toBe('online'); // a row from before the field
    expect(connectionState({ online: true, scansBlocked: false, lastFailure: { at: AT, kind: 'server' } })).toBe('online');
    expect(connectionState({ online: true, scansBlocked: false, lastFailure: { at: AT, kind: 'rateLimited' } })).toBe('online');
  });

  it('offline and blocked come first: they say more about what to do', () => {
    expect(connectionState({ online: false, scansBlocked: false, lastFailure: { at: AT, kind: 'network' } })).toBe('offline');
    expect(connectionState({ online: true, scansBlocked: true, lastFailure: { at: AT, kind: 'network' } })).toBe('blocked');
  });
});

describe('lastTryText', () => {
  it('counts seconds, then minutes, then hours', () => {
    expect(lastTryText(AT, AT)).toBe('last try just now');
    expect(lastTryText(AT, AT + 999)).toBe('last try just now');
    expect(lastTryText(AT, AT + 5_000)).toBe('last try 5 s ago');
    expect(lastTryText(AT, AT + 59_999)).toBe('last try 59 s ago');
    expect(lastTryText(AT, AT + 60_000)).toBe('last try 1 min ago');
    expect(lastTryText(AT, AT + 119 * 60_000)).toBe('last try 119 min ago');
    expect(lastTryText(AT, AT + 3 * 3_600_000)).toBe('last try 3 h ago');
  });

  it('never says a time in the future when the clock stepped back', () => {
    expect(lastTryText(AT, AT - 30_000)).toBe('last try just now');
  });
});
