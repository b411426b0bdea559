// How many scans one check-in or check-out request may carry: the device's most and its default, the setup link's
// `sync.batchSize` bound, and what the emulator and the gateway accept.

/** Tonic names no limit; 500 is ours: a 10,000-scan backlog drains in ~3.5 s at 500 against ~6.5 s at 50 (bench/results/sync.json), and 500 scans (~75 KB) stay far under the gateway's 1 MB body limit. */
export const MAX_SCANS_PER_REQUEST = 500;
