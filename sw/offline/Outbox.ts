import { promisifyRequest } from 'idb-keyval';
import type { FailedWrite } from './offlineProtocol.ts';
/** One write queued while offline, as stored in IndexedDB. */
export interface OutboxEntry {
  /** Assigned by IndexedDB in queuing order; replay follows it. */
  seq: number;
  /** Public id, returned to the app in the 202. */
  id: string;
  /** The identity that made the write; only its own session may send it. */
  identityId: string;
  method: string;
  url: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
  /** Epoch milliseconds. */
  queuedAt: number;
  /** Sends that failed while the device was online (absent in entries queued before retries). */
  attempts?: number;
  /** Epoch milliseconds before which replay leaves the entry (and so the queue) alone. */
  retryAt?: number;
}

/** An entry before IndexedDB numbers it. */
export type NewOutboxEntry = Omit<OutboxEntry, 'seq'>;

/** Database of the outbox, apart from the signing layer's so sign-out leaves it alone. */
export const OUTBOX_DB_NAME = 'sigv4-outbox';
const STORE_NAME = 'entries';
const FAILED_STORE_NAME = 'failed';
const IDENTITY_INDEX = 'identityId';
/** Version 2 adds the failed-writes store; bump with an upgrade step when a record shape changes. */
const DB_VERSION = 2;

/**
 * Writes waiting to be sent, in IndexedDB so they survive the worker stopping and the browser
 * closing. An auto-increment key keeps queuing order; an index per identity keeps users apart.
 * Writes the API refused or that kept failing move to a failed list, kept until the page clears it.
 */
export class Outbox {
  readonly #name: string;
  readonly #factory: IDBFactory;
  #db: Promise<IDBDatabase> | undefined;

  constructor(name = OUTBOX_DB_NAME, factory: IDBFactory = indexedDB) {
    this.#name = name;
    this.#factory = factory;
  }

  /** Queues a write; resolves with the stored entry once it is durable. */
  async add(entry: NewOutboxEntry): Promise<OutboxEntry> {
    const seq = await this.#request(STORE_NAME, 'readwrite', (store) => store.add(entry));
    return { ...entry, seq: seq as number };
  }

  /** An identity's entries, oldest first. */
  list(identityId: string): Promise<OutboxEntry[]> {
    return this.#request(STORE_NAME, 'readonly', (store) =>
      store.index(IDENTITY_INDEX).getAll(IDBKeyRange.only(identityId)),
    ) as Promise<OutboxEntry[]>;
  }

  /** How many writes an identity has waiting. */
  count(identityId: string): Promise<number> {
    return this.#request(STORE_NAME, 'readonly', (store) =>
      store.index(IDENTITY_INDEX).count(IDBKeyRange.only(identityId)),
    );
  }

  /** Records a failed attempt on a waiting entry. */
  async update(entry: OutboxEntry): Promise<void> {
    await this.#request(STORE_NAME, 'readwrite', (store) => store.put(entry));
  }

  /** Drops an entry once the API has answered it. */
  async remove(seq: number): Promise<void> {
    await this.#request(STORE_NAME, 'readwrite', (store) => store.delete(seq));
  }

  /** Moves an entry to the failed list, in one transaction so it is never in both or neither. */
  async fail(
    entry: OutboxEntry,
    failure: Pick<FailedWrite, 'reason' | 'status' | 'failedAt'>,
  ): Promise<FailedWrite> {
    const failed: FailedWrite = {
      id: entry.id,
      identityId: entry.identityId,
      method: entry.method,
      url: entry.url,
      reason: failure.reason,
      status: failure.status,
      attempts: entry.attempts ?? 0,
      queuedAt: entry.queuedAt,
      failedAt: failure.failedAt,
    };
    const transaction = (await this.#open()).transaction(
      [STORE_NAME, FAILED_STORE_NAME],
      'readwrite',
    );
    transaction.objectStore(STORE_NAME).delete(entry.seq);
    transaction.objectStore(FAILED_STORE_NAME).add(failed);
    await committed(transaction);
    return failed;
  }

  /** An identity's failed writes, oldest first. */
  failed(identityId: string): Promise<FailedWrite[]> {
    return this.#request(FAILED_STORE_NAME, 'readonly', (store) =>
      store.index(IDENTITY_INDEX).getAll(IDBKeyRange.only(identityId)),
    ) as Promise<FailedWrite[]>;
  }

  /** How many failed writes an identity has. */
  countFailed(identityId: string): Promise<number> {
    return this.#request(FAILED_STORE_NAME, 'readonly', (store) =>
      store.index(IDENTITY_INDEX).count(IDBKeyRange.only(identityId)),
    );
  }

  /** Forgets an identity's failed writes (the page has shown or handled them). */
  async clearFailed(identityId: string): Promise<void> {
    const transaction = (await this.#open()).transaction(FAILED_STORE_NAME, 'readwrite');
    const index = transaction.objectStore(FAILED_STORE_NAME).index(IDENTITY_INDEX);
    const cursor = index.openKeyCursor(IDBKeyRange.only(identityId));
    cursor.onsuccess = () => {
      if (!cursor.result) return;
      transaction.objectStore(FAILED_STORE_NAME).delete(cursor.result.primaryKey);
      cursor.result.continue();
    };
    await committed(transaction);
  }

  async #request<T>(
    storeName: string,
    mode: IDBTransactionMode,
    run: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> {
    const transaction = (await this.#open()).transaction(storeName, mode);
    const request = run(transaction.objectStore(storeName));
    // Resolved on commit, not on the request's success, so a write is durable when we say so.
    await committed(transaction);
    return request.result;
  }

  #open(): Promise<IDBDatabase> {
    if (this.#db) return this.#db;
    const request = this.#factory.open(this.#name, DB_VERSION);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      if (event.oldVersion < 1) {
        const store = db.createObjectStore(STORE_NAME, { keyPath: 'seq', autoIncrement: true });
        store.createIndex(IDENTITY_INDEX, IDENTITY_INDEX);
      }
      if (event.oldVersion < 2) {
        const failed = db.createObjectStore(FAILED_STORE_NAME, { autoIncrement: true });
        failed.createIndex(IDENTITY_INDEX, IDENTITY_INDEX);
      }
    };
    this.#db = promisifyRequest(request).then(
      (db) => {
        // The browser may close the connection (Safari does when idle): reopen on next use.
        db.onclose = db.onversionchange = () => {
          db.close();
          this.#db = undefined;
        };
        return db;
      },
      (error: unknown) => {
        this.#db = undefined;
        throw error ?? new Error(`Could not open IndexedDB "${this.#name}"`);
      },
    );
    return this.#db;
  }
}

/** Settles when `transaction` commits, or rejects with why it did not. */
async function committed(transaction: IDBTransaction): Promise<void> {
  try {
    await promisifyRequest(transaction);
  } catch (error) {
    throw error ?? new Error('Outbox transaction failed');
  }
}
