import { findApi, type SignedApi } from '../../shared/config.ts';
import { WORKER_RESPONSE_HEADER } from '../../shared/protocol.ts';
import type { SyncResult } from './offlineProtocol.ts';
import type { Outbox, OutboxEntry } from './Outbox.ts';

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
}

/**
 * Sends the signed-in identity's queued writes in order, each signed now with the current
 * credentials. An entry leaves the outbox once the API answered it (2xx, or a 4xx that a retry
 * would only repeat); a network failure, a server error or a request the worker could not sign
 * keeps it and ends the pass, so later writes never overtake it.
 */
export async function replayOutbox(context: ReplayContext): Promise<SyncResult> {
  const { outbox } = context;
  const identityId = await context.currentIdentity();
  if (identityId === undefined) return { replayed: 0, pendingWrites: 0 };
  let replayed = 0;
  for (const entry of await outbox.list(identityId)) {
    const api = findApi(context.apis, new URL(entry.url));
    if (api) {
      let response: Response;
      try {
        response = await context.send(toRequest(entry), api, identityId);
      } catch {
        // Still offline (or the connection dropped): try again on the next trigger.
        break;
      }
      await response.body?.cancel();
      if (!isFinal(response)) break;
      replayed++;
    }
    // An entry for an API no longer configured can never be sent; dropping it unblocks the rest.
    await outbox.remove(entry.seq);
    await context.onRemoved?.(identityId);
  }
  return { replayed, pendingWrites: await outbox.count(identityId) };
}

/** Rebuilds the request an entry was queued from. */
export function toRequest(entry: OutboxEntry): Request {
  return new Request(entry.url, {
    method: entry.method,
    headers: entry.headers,
    body: entry.body,
  });
}

/** Whether the API itself answered for good: not the worker, not a server error, not throttling. */
function isFinal(response: Response): boolean {
  if (response.headers.has(WORKER_RESPONSE_HEADER)) return false;
  const { status } = response;
  return status < 500 && status !== 408 && status !== 429;
}
