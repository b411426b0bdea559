import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { describeGuestFileErrors, MAX_GUEST_FILE_ROWS, MAX_LISTED_ERRORS, parseGuestFile } from './guestFile.ts';

const OCCURRENCE = '2026-12-05';
const A = '627e095671209038d339a182';
const B = '627cb97471209027347177dc';

const parse = (text: string) => parseGuestFile(text, { occurrence: OCCURRENCE });
const entriesOf = (text: string) => {
  const result = parse(text);
  if (!result.ok) throw new Error(describeGuestFileErrors(result.errors).join('\n'));
  return result.entries;
};
const errorsOf = (text: string) => {
  const result = parse(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors;
};

describe('parseGuestFile: CSV', () => {
  it('reads the documented sample file', () => {
    const entries = parseGuestFile(readFileSync(new URL('../../docs/guest-list-sample.csv', import.meta.url), 'utf8'), { occurrence: '2000-01-01' });
    expect(entries.ok).toBe(true);
    if (!entries.ok) return;
    expect(entries.entries).toHaveLength(5);
    expect(entries.entries[0]).toMatchObject({ key: `${A}.1`, code: `${A}.${B}.1`, purchaseId: A, ticketRef: 1, guestName: 'Ada Lovelace', reference: 'DMN-8872358517-101', occurrence: OCCURRENCE });
    expect(entries.entries[2]).toMatchObject({ guestName: "O'Brien, Mary-Jane", ticketType: 'VIP', refunded: true });
    expect(entries.entries[3]).toMatchObject({ key: '100234', code: '100234', purchaseId: null, ticketRef: null });
    expect(entries.entries[4]).toMatchObject({ checkedIn: true });
  });

  it('keys a Tonic code by purchase and ticket number, like a scan is looked up', () => {
    const [entry] = entriesOf(`code,name\n${A.toUpperCase()}.${B}.3,Ann\n`);
    expect(entry).toMatchObject({ key: `${A}.3`, code: `${A}.${B}.3` });
  });

  it('takes purchase_id with ticket_ref instead of a code (a DesignMyNight export), references upper case as staff type them', () => {
    const [entry] = entriesOf(`purchase_id;ticket_ref;name;purchase_ref\n${A};2;Bob;dmn-1234567\n`);
    expect(entry).toMatchObject({ key: `${A}.2`, code: null, purchaseRef: 'DMN-1234567', guestName: 'Bob' });
  });

  it('reads headers however they are written, semicolons and tabs, CRLF, a BOM, quotes with commas and line breaks', () => {
    const text = '\ufeffBarcode\tGuest Name\tTicket-Type\r\n100\t"Smith, ""Jo""\nJr"\tVIP\r\n\r\n101\tAl\t\r\n';
    const entries = entriesOf(text);
    expect(entries.map((entry) => [entry.key, entry.guestName, entry.ticketType])).toEqual([
      ['100', 'Smith, "Jo" Jr', 'VIP'],
      ['101', 'Al', ''],
    ]);
  });

  it('names every bad row with its line number and imports nothing', () => {
    const text = [
      'code,name,refunded,occurrence',
      '100,Ann,no,', // fine
      'https://example.org/menu,Bob,no,', // line 3: not a ticket code
      '101,"Cy\nCyrus",maybe,', // line 4 (the quoted name runs onto line 5): refunded
      '102,Di,no,5 Dec', // line 6: date
      ',Ed,no,', // line 7: no code
      '100,Ann again,no,', // line 8: duplicate of line 2
      '103,Fi', // line 9: too few fields
    ].join('\n');
    const errors = errorsOf(text);
    expect(errors.map((error) => error.line)).toEqual([3, 4, 6, 7, 8, 9]);
    expect(describeGuestFileErrors(errors).at(-1)).toBe('Line 9: has 2 fields; the header has 4');
    expect(errors[0]?.message).toMatch(/not a ticket code/);
    expect(errors[1]?.message).toMatch(/refunded "maybe" is not yes or no/);
    expect(errors[2]?.message).toMatch(/not a date/);
    expect(errors[3]?.message).toMatch(/needs a code, or a purchase_id with a ticket_ref/);
    expect(errors[4]?.message).toMatch(/same ticket as line 2/);
  });

  it('allows one ticket on two dates but not twice on one date', () => {
    expect(entriesOf('code,occurrence\n100,2026-12-05\n100,2026-12-06\n')).toHaveLength(2);
    expect(errorsOf('code,occurrence\n100,2026-12-05\n100,\n')[0]).toMatchObject({ line: 3 });
  });

  it('refuses an unknown column, naming the ones it knows', () => {
    expect(errorsOf('code,email\n100,a@b.c\n')[0]).toMatchObject({ line: 1, message: expect.stringMatching(/Unknown column "email".*code, purchase_id/) });
  });

  it('refuses a quote left open, at the line it opened', () => {
    expect(errorsOf('code,name\n100,Ann\n101,"Bob\n102,Cy\n')[0]).toMatchObject({ line: 3, message: expect.stringMatching(/never closed/) });
  });

  it('refuses a code that disagrees with its purchase_id', () => {
    expect(errorsOf(`code,purchase_id\n${A}.${B}.1,${B}\n`)[0]?.message).toMatch(/disagree/);
  });

  it('cleans control characters out of names and caps what is listed', () => {
    expect(entriesOf('code,name\n100,"Ann\u0007\u200b Lee"\n')[0]?.guestName).toBe('Ann Lee');
    const many = ['code', ...Array.from({ length: 80 }, () => 'nope')].join('\n');
    const errors = errorsOf(many);
    expect(errors).toHaveLength(MAX_LISTED_ERRORS + 1);
    expect(errors.at(-1)?.message).toBe('and 30 more rows with problems');
  });

  it('reads a 100,000-ticket file and refuses more rows than it imports at once', () => {
    const rows = Array.from({ length: 100_000 }, (_, index) => `${1_000_000 + index},Guest ${index}`);
    expect(entriesOf(['code,name', ...rows].join('\n'))).toHaveLength(100_000);
    const tooMany = ['code', ...Array.from({ length: MAX_GUEST_FILE_ROWS + 1 }, (_, index) => String(index + 1))].join('\n');
    expect(errorsOf(tooMany)[0]?.message).toMatch(/at most 500000/);
  });

  it('says an empty file or a header alone is not a list', () => {
    expect(errorsOf('')[0]?.message).toBe('The file is empty');
    expect(errorsOf('code,name\n')[0]?.message).toBe('The file has a header but no tickets');
  });
});

describe('parseGuestFile: JSON', () => {
  it('reads an array of tickets or an object with "tickets", with numbers and booleans', () => {
    const array = entriesOf(JSON.stringify([{ code: 100, name: 'Ann', refunded: true }, { purchaseId: A, ticketRef: 1, guestName: 'Bob', checkedIn: false }]));
    expect(array.map((entry) => [entry.key, entry.guestName, entry.refunded])).toEqual([
      ['100', 'Ann', true],
      [`${A}.1`, 'Bob', false],
    ]);
    expect(entriesOf(JSON.stringify({ tickets: [{ code: '101' }] }))).toHaveLength(1);
  });

  it('names the line of each bad ticket object', () => {
    const text = '[\n  {"code": "100"},\n  {"code": "nope",\n   "name": "Bob"},\n  {"code": "101", "email": "x@y.z"},\n  [1]\n]';
    expect(errorsOf(text).map((error) => error.line)).toEqual([3, 5, 6]);
    const wrapped = '{"tickets": [\n{"code": "100"},\n{"code": {"x": 1}}\n]}';
    expect(errorsOf(wrapped)).toEqual([{ line: 3, message: 'field code must be text, a number or true/false' }]);
  });

  it('says where JSON is broken, and what shape it must have', () => {
    expect(errorsOf('[\n{"code": "100"},\n{"code": }\n]')[0]).toMatchObject({ line: 3, message: 'The file is not valid JSON here' });
    expect(errorsOf('{"guests": []}')[0]?.message).toMatch(/array of tickets/);
    expect(errorsOf('{"tickets": [], "other": 1}')[0]?.message).toMatch(/only "tickets"/);
  });
});

describe('parseGuestFile: hostile files', () => {
  it('finds the broken place of JSON nested a million deep without running out of stack', () => {
    const deep = `${'['.repeat(1_000_000)}}`;
    expect(errorsOf(deep)[0]).toMatchObject({ line: 1, message: 'The file is not valid JSON here' });
  });

  it('refuses a file too large before reading it', () => {
    expect(errorsOf('x'.repeat(64 * 1024 * 1024 + 1))[0]?.message).toMatch(/larger than 64 MB/);
  });
});
