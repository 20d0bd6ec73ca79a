import { parseSnapshot, type SessionSnapshot } from './SessionSnapshot.ts';

/** What keepers of one session tell each other, tab to tab. */
export type SessionMessage =
  /** A new state of the session, written to storage by the tab that holds the refresh lock. */
  | { type: 'snapshot'; snapshot: SessionSnapshot }
  /** The lock holder asks every tab for the newest state it knows (storages not shared reliably). */
  | { type: 'ask'; id: string }
  /** A tab's answer to `ask`: its state, or none. */
  | { type: 'answer'; id: string; snapshot?: SessionSnapshot };

/** The part of `BroadcastChannel` the keeper uses (Node's and the browser's both have it). */
export interface SessionChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** The message in an untrusted value from the channel, or undefined when it is not one. */
export function parseSessionMessage(value: unknown): SessionMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, id, snapshot } = value as { type?: unknown; id?: unknown; snapshot?: unknown };
  if (type === 'snapshot') {
    const parsed = parseSnapshot(snapshot);
    return parsed && { type, snapshot: parsed };
  }
  if (typeof id !== 'string' || id === '') return undefined;
  if (type === 'ask') return { type, id };
  if (type !== 'answer') return undefined;
  const parsed = parseSnapshot(snapshot);
  return parsed ? { type, id, snapshot: parsed } : { type, id };
}
