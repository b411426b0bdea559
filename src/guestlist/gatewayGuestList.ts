// A gateway setup's guest list: `GET /api/guestlist?since=<version>&occurrence=<date>` with the device's token, read as
// it streams (wireReader.ts), stored whole or as a delta in one transaction (deviceGuestList.ts).
import type { FetchLike } from '../api/httpRequest.ts';
import { parseRetryAfter } from '../api/httpRequest.ts';
import type { DoorlistDatabase } from '../db/database.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';
import { gatewayListUrlFor } from '../api/gatewayEndpoints.ts';
import { applyGuestListDelta, noteGuestListProblem, readGuestListState, replaceGuestList } from './deviceGuestList.ts';
import { createWireReader, type WireResult } from './wireReader.ts';

/** A first download of 100,000 tickets is a few MB; past this the request is given up (and tried at the next refresh). */
export const GATEWAY_LIST_TIMEOUT_MS = 120_000;

export type GuestListRefreshOutcome =
  | { kind: 'stored'; full: boolean; puts: number; dels: number; version: number }
  /** Another tab stored a newer version meanwhile: nothing written. */
  | { kind: 'unchanged' }
  /** The gateway holds no list yet (said on the state row). */
  | { kind: 'noList' }
  | { kind: 'failed'; message: string };

export interface GatewayListDeps {
  db: DoorlistDatabase;
  fetchImpl: FetchLike;
  now: () => Date;
  /** The page's origin: relative setup URLs resolve against it. */
  origin: string;
  log: (message: string, context?: unknown) => void;
  setTimer?: (callback: () => void, delayMs: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** The gateway's guest list endpoint for this setup, or null when the device talks to Tonic directly. */

async function readBody(response: Response): Promise<WireResult> {
  const reader = createWireReader();
  if (response.body === null) {
    reader.push(await response.text());
    return reader.finish();
  }
  const stream = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await stream.read();
    if (done) break;
    reader.push(value);
  }
  return reader.finish();
}

/** The gateway's own words from an error reply (`{"error": "…"}`), bounded; empty for anything else. */
async function gatewayWords(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text.slice(0, 2_000));
    const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
    return typeof error === 'string' ? error.slice(0, 300).trim() : '';
  } catch {
    return ''; // a web page (a proxy's, a Wi-Fi sign-in) says nothing useful to staff
  }
}

function statusProblem(response: Response, nowMs: number, words: string): { message: string; retryAt: string | null } {
  const retryMs = parseRetryAfter(response.headers.get('retry-after'), nowMs);
  const retryAt = retryMs === null ? null : new Date(nowMs + retryMs).toISOString();
  switch (response.status) {
    case 401:
    case 403:
      return { message: 'The gateway refused this device: ask your organiser for a new setup link.', retryAt };
    case 404:
      return { message: 'This gateway does not serve a guest list (it may need an update).', retryAt };
    case 429:
      return { message: 'The gateway asked this door to wait before asking for the guest list again.', retryAt };
    case 400:
      return { message: `The gateway refused the request for the guest list${words ? `: ${words}` : ''}.`, retryAt };
    default:
      return { message: `The gateway could not send the guest list (error ${response.status}${words ? `: ${words}` : ''}).`, retryAt };
  }
}

const sameEvent = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * One refresh: asks for what changed since the version this door holds (from 0 when it holds none, or holds a list from
 * elsewhere) and stores it. Failures are recorded on the state row and leave the list as it was.
 */
export async function refreshFromGateway(deps: GatewayListDeps, config: SetupConfig, occurrence: string): Promise<GuestListRefreshOutcome> {
  const url = gatewayListUrlFor(config, deps.origin);
  if (url === null) return { kind: 'failed', message: 'This setup has no gateway.' };
  const failed = async (message: string, retryAt: string | null = null): Promise<GuestListRefreshOutcome> => {
    await noteGuestListProblem(deps.db, message, retryAt);
    return { kind: 'failed', message };
  };
  const state = await readGuestListState(deps.db);
  const since = state.origin === 'gateway' && state.meta !== null ? state.meta.version : 0;
  const setTimer = deps.setTimer ?? ((callback, delayMs) => setTimeout(callback, delayMs));
  const clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const abort = new AbortController();
  const timer = setTimer(() => abort.abort(), GATEWAY_LIST_TIMEOUT_MS);
  let result: WireResult;
  try {
    const response = await deps.fetchImpl(`${url}?since=${since}&occurrence=${encodeURIComponent(occurrence)}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${config.tonic.token}`, accept: 'application/x-ndjson' },
      signal: abort.signal,
    });
    if (!response.ok) {
      const problem = statusProblem(response, deps.now().getTime(), await gatewayWords(response));
      return failed(problem.message, problem.retryAt);
    }
    result = await readBody(response);
  } catch (error) {
    deps.log('guest list: gateway request failed', error);
    return failed(abort.signal.aborted ? 'The guest list download from the gateway took too long; the list on this door was kept.' : 'Cannot reach the gateway for the guest list; the list on this door was kept.');
  } finally {
    clearTimer(timer);
  }
  if (!result.ok) return failed(result.message);
  const { reply } = result;
  if (reply.meta === null) {
    const why = reply.gatewayError ? ` Its last try failed: ${reply.gatewayError}` : '';
    await noteGuestListProblem(deps.db, `The gateway has no guest list yet.${why}`);
    return { kind: 'noList' };
  }
  if (!sameEvent(reply.meta.eventId, config.tonic.eventId)) {
    return failed(`The gateway's guest list is for another event (${reply.meta.eventId.slice(0, 40)}); this door checks in ${config.tonic.eventId.slice(0, 40)}. Tell your organiser.`);
  }
  const stored = { meta: reply.meta, origin: 'gateway' as const, syncedAt: deps.now().toISOString() };
  if (reply.full) {
    await replaceGuestList(deps.db, reply.puts, stored);
  } else {
    if (since === 0) return failed('The gateway sent changes to a list this door does not have; it will ask for the whole list again.');
    const outcome = await applyGuestListDelta(deps.db, since, reply.puts, reply.dels, stored);
    if (!outcome.applied) return { kind: 'unchanged' }; // another tab moved the list meanwhile: the next refresh asks from there
  }
  // The gateway's own trouble reading the source is worth saying even when what it had arrived.
  if (reply.gatewayError) await noteGuestListProblem(deps.db, `The gateway could not refresh the list from its source: ${reply.gatewayError}`);
  return { kind: 'stored', full: reply.full, puts: reply.puts.length, dels: reply.dels.length, version: reply.version };
}
