// What one Tonic check-out entry means for one scan: confirmed (the guest is out, may come back in) or rejected.
import type { TonicCheckOutEntry } from '../api/tonicSchemas.ts';
import type { ScanRow } from '../db/tables.ts';
import type { Interpretation } from './interpretCheckIn.ts';

export function interpretCheckOut(_row: ScanRow, entry: TonicCheckOutEntry, receivedAt: string): Interpretation {
  const result = entry.result ?? 'success'; // the seed's check-out entries carry no result: an entry is the answer
  const serverResult = { result, message: entry.message ?? null, checkedInAt: null, checkedInDevice: null, receivedAt };
  const reference = entry.reference == null ? {} : { reference: String(entry.reference).toUpperCase() };
  if (result === 'success') {
    return { state: 'confirmed', serverResult, ticket: { ...reference, checkedInAt: null, checkedInDoor: null, updatedAt: receivedAt } };
  }
  if (result === 'not_found') {
    return {
      state: 'rejected',
      serverResult: { ...serverResult, message: serverResult.message ?? 'Unknown ticket' },
      ticket: { status: 'unknown', checkedInAt: null, checkedInDoor: null, updatedAt: receivedAt },
    };
  }
  return { state: 'rejected', serverResult: { ...serverResult, message: serverResult.message ?? `Server answered "${result}"` }, ticket: { updatedAt: receivedAt } };
}
