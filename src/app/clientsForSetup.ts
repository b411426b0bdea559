// The API clients a device's setup points at; relative base URLs resolve against the app's own origin.
import { createRunSignupClient, type RunSignupClient } from '../api/runsignupClient.ts';
import type { FetchLike } from '../api/httpRequest.ts';
import { createTonicClient, resolveBaseUrl, type TonicClient } from '../api/tonicClient.ts';
import type { SetupConfig } from '../settings/setupLink.ts';

export function tonicClientFor(config: SetupConfig, fetchImpl: FetchLike): TonicClient {
  return createTonicClient({ baseUrl: resolveBaseUrl(config.tonic.baseUrl, window.location.origin), token: config.tonic.token }, fetchImpl);
}

/** Null when the setup has no RunSignup ticket event. */
export function runsignupClientFor(config: SetupConfig, fetchImpl: FetchLike): RunSignupClient | null {
  if (!config.runsignup) return null;
  return createRunSignupClient({ ...config.runsignup, baseUrl: resolveBaseUrl(config.runsignup.baseUrl, window.location.origin) }, fetchImpl);
}
