// What one Tonic check-out entry means for one scan: confirmed (the guest is out, may come back in) or rejected.
import type { TonicCheckOutEntry } from '../api/tonicSchemas.ts';
import type { ScanRow } from '../db/tables.ts';
import { interpretServerWords, type Interpretation } from './interpretCheckIn.ts';

export function interpretCheckOut(row: ScanRow, entry: TonicCheckOutEntry, receivedAt: string): Interpretation {
  // The seed's check-out entries carry no result: an entry is the answer.
  const meaning = interpretServerWords(row, { result: entry.result ?? 'success', message: entry.message ?? null, checkedInAt: null, checkedInDevice: null, receivedAt });
  const reference = entry.reference == null ? {} : { reference: String(entry.reference).toUpperCase() };
  switch (meaning.serverVerdict.kind) {
    case 'checkedOut':
      return { ...meaning, ticket: { ...reference, checkedInAt: null, checkedInDoor: null, updatedAt: receivedAt } };
    case 'unknownTicket':
      return { ...meaning, ticket: { status: 'unknown', checkedInAt: null, checkedInDoor: null, updatedAt: receivedAt } };
    default:
      return { ...meaning, ticket: { updatedAt: receivedAt } };
  }
}
