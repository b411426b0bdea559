// The shapes the engine hands the screens (rows as they are stored, and what the live queries make of them), so the
// UI imports its types from the engine's face and never from the database.
export type { CountRow, DevicePreferences, MutationRow, OccurrenceRow, ScanDirection, ScanRow, ScanSource, ScanState, ServerResult, SettingsRow, SyncStatusRow, TicketRow } from '../db/tables.ts';
export type { GuestListBar } from '../guestlist/guestListStatus.ts';
export type { ActivityCounts, ActivityTab, DoorCounts, HistoryRetention, GuestSearch, ShownScan } from './liveQueries.ts';
export type { ImportResult } from '../outbox/exportImport.ts';
export type { GuestFileImport } from '../guestlist/fileGuestList.ts';
