// Vitest setup: an in-memory IndexedDB before any test file loads Dexie, whatever the import order.
import 'fake-indexeddb/auto';
