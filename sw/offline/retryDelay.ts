import { backoffDelay } from '../signing/refreshPolicy.ts';

/**
 * Sends of one write that may fail while the device is online before it is given up on. With the
 * delays below (their ceilings) the fifth failure comes at most about 15 s after the first: long enough to ride out a
 * deploy or a cold start, short enough that writes queued behind a poisoned one are not held for
 * long. A write given up on is not lost: it moves to the failed list the page reads.
 */
export const MAX_ATTEMPTS = 5;
/** Pause ceiling after the first failure; doubles per failure, as AWS's SDKs back off from a 5xx. */
const RETRY_BASE_MS = 1_000;
/** Longest pause, so a write never waits long once the API recovers. */
const RETRY_MAX_MS = 60_000;

/**
 * How long to wait before sending a write again after its `attempts`-th failure: the signing
 * layer's backoff, full jitter included, so devices that come back online together spread out.
 */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  return backoffDelay(attempts, RETRY_BASE_MS, RETRY_MAX_MS, random);
}

/**
 * Whether a write held until `retryAt` must still wait at `now`. A pause longer than any
 * `retryDelay` means the device clock went back since it was set: the write is due, not held for
 * as long as the clock moved.
 */
export function isHeld(retryAt: number | undefined, now: number): boolean {
  return retryAt !== undefined && retryAt > now && retryAt - now <= RETRY_MAX_MS;
}
