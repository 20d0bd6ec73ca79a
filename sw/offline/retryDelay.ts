import { backoffDelay } from '../signing/refreshPolicy.ts';

/**
 * Sends of one write that may fail while the device is online before it is given up on. With the
 * pauses below the fifth failure comes 7.5 to 15 s after the first: long enough to ride out a
 * deploy or a cold start, short enough that writes queued behind a poisoned one are not held for
 * long. A write given up on is not lost: it moves to the failed list the page reads.
 */
export const MAX_ATTEMPTS = 5;
/** Pause ceiling after the first failure; doubles per failure, as AWS's SDKs back off from a 5xx. */
const RETRY_BASE_MS = 1_000;
/** Longest pause, so a write never waits long once the API recovers. */
const RETRY_MAX_MS = 60_000;

/**
 * How long to wait before sending a write again after its `attempts`-th failure: half of the
 * doubling pause is fixed, so a write is never sent again the moment the API failed it, and the
 * other half is the signing layer's backoff (full jitter), so devices that failed together spread
 * out.
 */
export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const fixed = backoffDelay(attempts, RETRY_BASE_MS / 2, RETRY_MAX_MS / 2, () => 1);
  return fixed + backoffDelay(attempts, RETRY_BASE_MS / 2, RETRY_MAX_MS / 2, random);
}

/**
 * Whether a write held until `retryAt` must still wait at `now`. A pause longer than any
 * `retryDelay` means the device clock went back since it was set: the write is due, not held for
 * as long as the clock moved.
 */
export function isHeld(retryAt: number | undefined, now: number): boolean {
  return retryAt !== undefined && retryAt > now && retryAt - now <= RETRY_MAX_MS;
}
