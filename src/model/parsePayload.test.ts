import { describe, expect, it } from 'vitest';
import { buildSetupLink } from '../contracts/setupLink.ts';
import { TEST_CONFIG } from '../testing/engineFixture.ts';
import { parsePayload } from './parsePayload.ts';

const SEED_ID = '627e095671209038d339a182.627cb97471209027347177dc.2';

describe('parsePayload', () => {
  it.each([
    [SEED_ID, SEED_ID],
    [SEED_ID.toUpperCase(), SEED_ID],
    [`  ${SEED_ID}\r\n`, SEED_ID],
    [`\u0002${SEED_ID}\u0003`, SEED_ID],
    [`\ufeff${SEED_ID}\u200b`, SEED_ID],
    ['2148', '2148'],
    [' 2149\n', '2149'],
    [`https://tickets.example.com/t/${SEED_ID}`, SEED_ID],
    [`https://tickets.example.com/check?ticket_id=${SEED_ID}`, SEED_ID],
    ['http://example.org/check?ticket=2150', '2150'],
    [`https://example.org/t/${SEED_ID}?utm_source=wallet`, SEED_ID],
  ])('reads %j as ticket %s', (raw, ticketId) => {
    expect(parsePayload(raw)).toEqual({ kind: 'ticket', ticketId });
  });

  it.each([
    ['DMN-7930721728-176', 'DMN-7930721728-176'],
    ['dmn-7930721728-177 ', 'DMN-7930721728-177'],
  ])('reads %j as booking reference %s', (raw, reference) => {
    expect(parsePayload(raw)).toEqual({ kind: 'reference', reference });
  });

  it.each([
    ['', 'the code is empty'],
    ['   \t\n', 'the code is empty'],
    ['\u0000\u0001', 'the code is empty'],
    ['x'.repeat(600), 'too long to be a ticket'],
    ['9'.repeat(5000), 'too long to be a ticket'],
    ['https://example.com/menu', 'a web link (example.com), not a ticket'],
    ['javascript:alert(1)', 'not a ticket code this door knows'],
    ['<script>alert(1)</script>', 'not a ticket code this door knows'],
    ["'; DROP TABLE scans; --", 'not a ticket code this door knows'],
    ['627e095671209038d339a182.627cb97471209027347177dc', 'not a ticket code this door knows'],
    ['627e095671209038d339a18z.627cb97471209027347177dc.2', 'not a ticket code this door knows'],
    ['WIFI:S:venue;T:WPA;P:secret;;', 'not a ticket code this door knows'],
    ['\ufffd\ufffdPNG', 'the code holds unreadable binary data'],
    ['-12', 'not a ticket code this door knows'],
    ['https://example.com/%', 'a web link (example.com), not a ticket'],
    ['https://venue.example/menu/2', 'a web link (venue.example), not a ticket'],
    ['https://venue.example/table?t=7', 'a web link (venue.example), not a ticket'],
    [`https://${'a'.repeat(300)}.com/x`, `a web link (${'a'.repeat(59)}…), not a ticket`],
    ['1'.repeat(16), 'not a ticket code this door knows'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(parsePayload(raw)).toEqual({ kind: 'notATicket', reason });
  });

  it.each([
    ['a setup link', buildSetupLink('http://127.0.0.1:8787', { ...TEST_CONFIG, tonic: { ...TEST_CONFIG.tonic, token: 'x'.repeat(600) } })],
    ['a short setup link', 'https://doors.example.org/setup#config=eyJ2IjoxfQ'],
    ['bare setup JSON', JSON.stringify(TEST_CONFIG)],
  ])('never takes %s for a ticket, and says where it works', (_what, raw) => {
    expect(parsePayload(raw)).toEqual({ kind: 'notATicket', reason: 'this is a setup code: open Settings to use it' });
  });
});
