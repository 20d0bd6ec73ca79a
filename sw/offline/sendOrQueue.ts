import type { SyncResult } from './offlineProtocol.ts';
import { isSigningUnavailable } from './isSigningUnavailable.ts';
import type { Outbox, OutboxEntry } from './Outbox.ts';
import { queuedResponse } from './queuedResponse.ts';

/** What a write needs from the offline layer. */
export interface WriteContext {
  request: Request;
  outbox: Outbox;
  /** The identity signed in now, if any. */
  currentIdentity(): Promise<string | undefined>;
  /** Signs with `identityId`'s credentials only (or the current ones when undefined) and sends. */
  send(request: Request, identityId: string | undefined): Promise<Response>;
  /** Runs (or joins) a replay pass of the signed-in identity's outbox. */
  replay(): Promise<SyncResult>;
  /** Called once an entry is stored, e.g. to broadcast the count and register Background Sync. */
  onQueued?(entry: OutboxEntry, pendingWrites: number): Promise<void>;
  newId?: () => string;
  now?: () => number;
}

/**
 * A write to the API: sent at once when the network is there; queued in the outbox, with a 202
 * for the app, when it is not. A write made while older ones wait is queued behind them (after a
 * replay attempt), so the API sees every user's writes in the order they made them.
 */
export async function sendOrQueue(context: WriteContext): Promise<Response> {
  const { request, outbox } = context;
  const identityId = await context.currentIdentity();
  // Nobody signed in: the signing layer answers (401, or guest credentials).
  if (identityId === undefined) return context.send(request, undefined);
  // The body can be read once; keep a copy for the outbox before the network consumes it.
  const copy = request.clone();
  if ((await outbox.count(identityId)) > 0) {
    const { pendingWrites } = await context.replay();
    if (pendingWrites > 0) return queue(context, copy, identityId);
  }
  let response: Response;
  try {
    response = await context.send(request, identityId);
  } catch (error) {
    if (request.signal.aborted) throw error;
    return queue(context, copy, identityId);
  }
  return (await isSigningUnavailable(response)) ? queue(context, copy, identityId) : response;
}

async function queue(
  context: WriteContext,
  request: Request,
  identityId: string,
): Promise<Response> {
  const entry = await context.outbox.add({
    id: (context.newId ?? (() => crypto.randomUUID()))(),
    identityId,
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body:
      request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer(),
    queuedAt: (context.now ?? Date.now)(),
  });
  const pendingWrites = await context.outbox.count(identityId);
  await context.onQueued?.(entry, pendingWrites);
  return queuedResponse(entry.id, pendingWrites);
}
