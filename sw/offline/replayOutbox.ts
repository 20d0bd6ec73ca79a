import { findApi, type SignedApi } from '../../shared/config.ts';
import { WORKER_RESPONSE_HEADER } from '../../shared/protocol.ts';
import type { FailedWrite, SyncResult } from './offlineProtocol.ts';
import type { Outbox, OutboxEntry } from './Outbox.ts';
import { isHeld, MAX_ATTEMPTS, retryDelay } from './retryDelay.ts';

/** Worker answers that say the session, not the write, is the problem: wait without an attempt. */
const SESSION_STATUSES = new Set([401, 503]);

/**
 * Longest wait for the answer to one queued write. API Gateway gives up on its integration at 29 s
 * and answers 504, so no answer by then means the connection is stuck, not the API slow; without a
 * limit, one such send would hold every later write of the identity.
 */
const SEND_TIMEOUT_MS = 35_000;

/** What one replay pass needs; each part injectable for tests. */
export interface ReplayContext {
  outbox: Outbox;
  apis: readonly SignedApi[];
  /** The identity signed in now, if any. */
  currentIdentity(): Promise<string | undefined>;
  /** Signs (with `identityId`'s credentials only) and sends; rejects on a network failure. */
  send(request: Request, api: SignedApi, identityId: string): Promise<Response>;
  /** Called after each entry leaves the outbox. */
  onRemoved?(identityId: string): Promise<void>;
  /** Called after an entry moved to the failed list. */
  onFailed?(write: FailedWrite): Promise<void>;
  /** Whether the device believes it is online (`navigator.onLine`). */
  online(): boolean;
  /**
   * Try a held entry now rather than after its pause: the page said connectivity came back, which
   * may be what the failures were. The attempt still counts, so a poisoned entry is still bounded.
   */
  ignorePause?: boolean;
  now?(): number;
  /** Draws the retry pause's jitter, in [0, 1). */
  random?(): number;
  /** Gives up on a send with no answer after this long; `SEND_TIMEOUT_MS` by default. */
  sendTimeoutMs?: number;
}

/** How the API (or the network) answered one replayed entry. */
type Outcome = 'sent' | 'wait' | { refused: number } | { failed: number };

/**
 * Sends the signed-in identity's queued writes in order, each signed now with the current
 * credentials. An entry leaves the outbox once the API accepted it; a 4xx (a retry would only
 * repeat it) moves it to the failed list. Offline, or while the worker cannot sign, the pass stops
 * without counting an attempt. A 5xx, throttling or a network error while online counts one and
 * holds the entry (and everything behind it, to keep order) for a backoff pause; after
 * `MAX_ATTEMPTS` it moves to the failed list and the writes behind it go on.
 */
export async function replayOutbox(context: ReplayContext): Promise<SyncResult> {
  const { outbox } = context;
  const now = context.now ?? Date.now;
  const identityId = await context.currentIdentity();
  if (identityId === undefined) return { replayed: 0, pendingWrites: 0, failed: 0 };
  let replayed = 0;
  let failed = 0;
  let retryAt: number | undefined;
  for (const entry of await outbox.list(identityId)) {
    if (!context.ignorePause && isHeld(entry.retryAt, now())) {
      retryAt = entry.retryAt;
      break;
    }
    const api = findApi(context.apis, new URL(entry.url));
    // An entry for an API no longer configured can never be sent; dropping it unblocks the rest.
    const outcome: Outcome = api ? await sendEntry(context, entry, api, identityId) : 'sent';
    if (outcome === 'wait') break;
    if (outcome === 'sent') {
      if (api) replayed++;
      await outbox.remove(entry.seq);
      await context.onRemoved?.(identityId);
      continue;
    }
    const attempts = (entry.attempts ?? 0) + ('failed' in outcome ? 1 : 0);
    if ('failed' in outcome && attempts < MAX_ATTEMPTS) {
      retryAt = now() + retryDelay(attempts, context.random);
      await outbox.update({ ...entry, attempts, retryAt });
      break;
    }
    const write = await outbox.fail(
      { ...entry, attempts: Math.max(attempts, 1) },
      {
        reason: 'refused' in outcome ? 'refused' : 'gave-up',
        status: 'refused' in outcome ? outcome.refused : outcome.failed,
        failedAt: now(),
      },
    );
    failed++;
    await context.onFailed?.(write);
  }
  return {
    replayed,
    pendingWrites: await outbox.count(identityId),
    failed,
    ...(retryAt !== undefined && { retryAt }),
  };
}

async function sendEntry(
  context: ReplayContext,
  entry: OutboxEntry,
  api: SignedApi,
  identityId: string,
): Promise<Outcome> {
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(context.sendTimeoutMs ?? SEND_TIMEOUT_MS);
    response = await context.send(toRequest(entry, timeout), api, identityId);
  } catch {
    // Offline (or the connection dropped) costs no attempt. Online, a network error is the API's
    // doing (an API Gateway error without CORS headers reaches a worker as one), and so is a send
    // that never answered: each counts as an attempt, so the entry is retried after a pause.
    return context.online() ? { failed: 0 } : 'wait';
  }
  await response.body?.cancel();
  const { status } = response;
  if (response.headers.has(WORKER_RESPONSE_HEADER)) {
    // Not signed in as that user, or Cognito unreachable: the session, not the write, must change.
    // Anything else the worker made (an unsupported method, a redirect it would not follow) will
    // not change on a retry.
    return SESSION_STATUSES.has(status) ? 'wait' : { refused: status };
  }
  if (status >= 500 || status === 408 || status === 429) return { failed: status };
  if (status >= 400) return { refused: status };
  return 'sent';
}

/** Rebuilds the request an entry was queued from. */
function toRequest(entry: OutboxEntry, signal?: AbortSignal): Request {
  return new Request(entry.url, {
    method: entry.method,
    headers: entry.headers,
    body: entry.body,
    signal,
  });
}
