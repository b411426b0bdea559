// The API clients a device's setup points at; relative base URLs resolve against `origin`, the app's own (the page's or
// the service worker's).
import { createRunSignupClient, type RunSignupClient } from './runsignupClient.ts';
import type { FetchLike } from './httpRequest.ts';
import { createTonicClient, resolveBaseUrl, type TonicClient } from './tonicClient.ts';
import type { SetupConfig } from '../contracts/setupLink.ts';

export function tonicClientFor(config: SetupConfig, fetchImpl: FetchLike, origin: string): TonicClient {
  return createTonicClient({ baseUrl: resolveBaseUrl(config.tonic.baseUrl, origin), token: config.tonic.token }, fetchImpl);
}

/** Null when the setup has no RunSignup ticket event. */
export function runsignupClientFor(config: SetupConfig, fetchImpl: FetchLike, origin: string): RunSignupClient | null {
  if (!config.runsignup) return null;
  return createRunSignupClient({ ...config.runsignup, baseUrl: resolveBaseUrl(config.runsignup.baseUrl, origin) }, fetchImpl);
}
