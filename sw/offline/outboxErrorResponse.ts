import { workerJsonResponse } from '../signing/workerResponse.ts';
import type { OfflineErrorCode } from './offlineProtocol.ts';

/** HTTP 507 Insufficient Storage (RFC 4918): the write could not be stored, so it was not taken. */
const OUTBOX_FULL_STATUS = 507;
const OUTBOX_UNAVAILABLE_STATUS = 500;

/**
 * The response for a write that could neither be sent nor queued: 507 `outbox-full` when the
 * browser's storage quota refused it (a `QuotaExceededError`), 500 `outbox-unavailable` otherwise.
 */
export function outboxErrorResponse(error: unknown, method: string, url: string): Response {
  const full = error instanceof Error && error.name === 'QuotaExceededError';
  const code: OfflineErrorCode = full ? 'outbox-full' : 'outbox-unavailable';
  const why = full
    ? 'the browser’s storage for this site is full'
    : `the outbox could not be written (${error instanceof Error ? error.name : String(error)})`;
  const body = {
    code,
    message: `${method} ${url} could not be sent and was not saved for later: ${why}.`,
  };
  return workerJsonResponse(full ? OUTBOX_FULL_STATUS : OUTBOX_UNAVAILABLE_STATUS, body);
}
