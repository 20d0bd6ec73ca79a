import type { SessionChannel } from './SessionChannel.ts';
import type { SessionSnapshot } from './SessionSnapshot.ts';

/**
 * How long the lock holder waits for tabs it could not count, or that do not answer. A live tab
 * answers within milliseconds; a frozen or closing one never does, and the lock is held meanwhile.
 */
const ASK_TIMEOUT_MS = 300;

/** Pending asks of one keeper: the answer handler by ask id. */
export type PendingAsks = Map<string, (snapshot: SessionSnapshot | undefined) => void>;

/**
 * Asks the other tabs on `channel` for the newest session state each knows and resolves with the
 * answers, once `expected` tabs answered (or at the timeout when the count is unknown or not met).
 */
export async function askOtherTabs(
  channel: SessionChannel,
  pending: PendingAsks,
  expected: number | undefined,
): Promise<SessionSnapshot[]> {
  if (expected === 0) return [];
  // Not crypto.randomUUID: it exists only in secure contexts, and this id is no secret.
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const answers: SessionSnapshot[] = [];
  let answered = 0;
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ASK_TIMEOUT_MS);
      pending.set(id, (snapshot) => {
        if (snapshot) answers.push(snapshot);
        answered += 1;
        if (expected !== undefined && answered >= expected) {
          clearTimeout(timer);
          resolve();
        }
      });
      channel.postMessage({ type: 'ask', id });
    });
  } finally {
    pending.delete(id);
  }
  return answers;
}
