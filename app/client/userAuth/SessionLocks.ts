/** The part of `navigator.locks` a `SessionKeeper` uses; `query` only to count the other tabs. */
export interface SessionLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
  query?(): Promise<{ held?: { name?: string | undefined }[] }>;
}

/** `navigator.locks`, or a TypeError that says how to do without (Node, old browsers). */
export function defaultLocks(): SessionLocks {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) throw new TypeError('navigator.locks is not available here; pass options.locks');
  return locks;
}

/**
 * Holds a lock named `prefix` + a random id until the returned function is called (or the tab
 * closes), so that `countOtherTabs` can count this tab; undefined when the locks cannot be queried.
 */
export function holdPresence(locks: SessionLocks, prefix: string): (() => void) | undefined {
  if (!locks.query) return undefined;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // Ends only with `release` (or the tab); a rejection is an aborted request, nothing to report.
  locks.request(prefix + Math.random().toString(36).slice(2), () => released).catch(() => {});
  return release;
}

/** How many tabs other than this one hold a presence lock of `prefix`; undefined if unknowable. */
export async function countOtherTabs(
  locks: SessionLocks,
  prefix: string,
): Promise<number | undefined> {
  if (!locks.query) return undefined;
  const { held = [] } = await locks.query();
  const tabs = held.filter((lock) => lock.name?.startsWith(prefix)).length;
  return Math.max(0, tabs - 1);
}
