/** Refresh in the background once less than this share of the lifetime is left. */
const SOFT_SHARE = 1 / 4;
/** …but never earlier than this before expiry: an hour-long credential refreshes 5 minutes early. */
const SOFT_CAP_MS = 5 * 60_000;
/** Block requests on a refresh once less than this share is left: room for clock drift and latency. */
const HARD_SHARE = 1 / 12;
/** …capped, so an hour-long credential is used until a minute before it expires. */
const HARD_CAP_MS = 60_000;

/** How long before expiry to refresh in the background (`soft`) and to stop using credentials (`hard`). */
export interface RefreshMargins {
  soft: number;
  hard: number;
}

/**
 * Margins that scale with the credentials' lifetime: real credentials last an hour, some
 * emulators and tests issue ones of a few seconds, and a fixed margin would suit only one.
 */
export function refreshMargins(lifetimeMs: number): RefreshMargins {
  const lifetime = Math.max(0, lifetimeMs);
  return {
    soft: Math.min(lifetime * SOFT_SHARE, SOFT_CAP_MS),
    hard: Math.min(lifetime * HARD_SHARE, HARD_CAP_MS),
  };
}
