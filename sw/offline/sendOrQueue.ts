import type { ApiRequest } from '../signing/ApiRequest.ts';
import type { SyncResult } from './offlineProtocol.ts';
import { isSigningUnavailable } from './isSigningUnavailable.ts';
import type { Outbox, OutboxEntry } from './Outbox.ts';
import { outboxErrorResponse } from './outboxErrorResponse.ts';
import { queuedResponse } from './queuedResponse.ts';
import { retryDelay } from './retryDelay.ts';

/** What a write needs from the offline layer. */
export interface WriteContext {
  /** The app's write, read once by the signing layer. */
  request: ApiRequest;
  outbox: Outbox;
  /** The identity signed in now, if any. */
  currentIdentity(): Promise<string | undefined>;
  /** Signs the write with `identityId`'s credentials only (the current ones when undefined), sends it. */
  send(identityId: string | undefined): Promise<Response>;
  /** Runs a replay pass of the signed-in identity's outbox (already inside `serialise`). */
  replay(): Promise<SyncResult>;
  /** Runs the write after the identity's earlier writes and replay passes have settled. */
  serialise?<T>(identityId: string, task: () => Promise<T>): Promise<T>;
  /** Called once an entry is stored, e.g. to broadcast the count and register Background Sync. */
  onQueued?(entry: OutboxEntry, pendingWrites: number): Promise<void>;
  /** Whether the device believes it is online (`navigator.onLine`). */
  online(): boolean;
  newId?: () => string;
  now?: () => number;
  /** Draws the retry pause's jitter, in [0, 1). */
  random?: () => number;
}

/**
 * A write to the API: sent at once when the network is there; queued in the outbox, with a 202
 * for the app, when it is not, or when the API cannot be reached although the device is online
 * (then it counts as a failed attempt). A write made while older ones wait is queued behind them
 * (after a replay attempt), and an identity's writes run one at a time, so the API sees every
 * user's writes in the order they made them.
 */
export async function sendOrQueue(context: WriteContext): Promise<Response> {
  const identityId = await context.currentIdentity();
  // Nobody signed in: the signing layer answers (401, or guest credentials).
  if (identityId === undefined) return context.send(undefined);
  const run = () => write(context, identityId);
  return context.serialise ? context.serialise(identityId, run) : run();
}

async function write(context: WriteContext, identityId: string): Promise<Response> {
  const { outbox } = context;
  if ((await outbox.count(identityId)) > 0) {
    const { pendingWrites } = await context.replay();
    if (pendingWrites > 0) return queue(context, identityId, false);
  }
  let response: Response;
  try {
    response = await context.send(identityId);
  } catch (error) {
    if (context.request.original.signal.aborted) throw error;
    return queue(context, identityId, context.online());
  }
  return (await isSigningUnavailable(response, context.online()))
    ? queue(context, identityId, false)
    : response;
}

/** Stores the write; `failedOnline` counts this send as its first failed attempt. */
async function queue(
  context: WriteContext,
  identityId: string,
  failedOnline: boolean,
): Promise<Response> {
  const { request, outbox } = context;
  const { method, original } = request;
  const now = (context.now ?? Date.now)();
  let entry: OutboxEntry;
  try {
    entry = await outbox.add({
      id: (context.newId ?? (() => crypto.randomUUID()))(),
      identityId,
      method,
      url: original.url,
      headers: [...original.headers],
      body: request.body ?? null,
      queuedAt: now,
      ...(failedOnline && { attempts: 1, retryAt: now + retryDelay(1, context.random) }),
    });
  } catch (error) {
    // Quota exceeded or IndexedDB broken: the app must learn the write is not saved.
    return outboxErrorResponse(error, method, original.url);
  }
  const pendingWrites = await outbox.count(identityId);
  await context.onQueued?.(entry, pendingWrites);
  return queuedResponse(entry.id, pendingWrites, context.online());
}
