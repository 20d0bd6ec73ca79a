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
}

/** An entry before IndexedDB numbers it. */
export type NewOutboxEntry = Omit<OutboxEntry, 'seq'>;

/** Database of the outbox, apart from the signing layer's so sign-out leaves it alone. */
export const OUTBOX_DB_NAME = 'sigv4-outbox';
const STORE_NAME = 'entries';
const IDENTITY_INDEX = 'identityId';
/** Bump with an upgrade step when the record shape changes. */
const DB_VERSION = 1;

/**
 * Writes waiting to be sent, in IndexedDB so they survive the worker stopping and the browser
 * closing. An auto-increment key keeps queuing order; an index per identity keeps users apart.
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
    const seq = await this.#request('readwrite', (store) => store.add(entry));
    return { ...entry, seq: seq as number };
  }

  /** An identity's entries, oldest first. */
  list(identityId: string): Promise<OutboxEntry[]> {
    return this.#request('readonly', (store) =>
      store.index(IDENTITY_INDEX).getAll(IDBKeyRange.only(identityId)),
    ) as Promise<OutboxEntry[]>;
  }

  /** How many writes an identity has waiting. */
  count(identityId: string): Promise<number> {
    return this.#request('readonly', (store) =>
      store.index(IDENTITY_INDEX).count(IDBKeyRange.only(identityId)),
    );
  }

  /** Drops an entry once the API has answered it. */
  async remove(seq: number): Promise<void> {
    await this.#request('readwrite', (store) => store.delete(seq));
  }

  async #request<T>(
    mode: IDBTransactionMode,
    run: (store: IDBObjectStore) => IDBRequest<T>,
  ): Promise<T> {
    const db = await this.#open();
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE_NAME, mode);
      const request = run(transaction.objectStore(STORE_NAME));
      // Resolve on commit, not on the request's success, so a write is durable when we say so.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onabort = transaction.onerror = () =>
        reject(transaction.error ?? request.error ?? new Error('Outbox transaction failed'));
    });
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = this.#factory.open(this.#name, DB_VERSION);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE_NAME, {
          keyPath: 'seq',
          autoIncrement: true,
        });
        store.createIndex(IDENTITY_INDEX, IDENTITY_INDEX);
      };
      request.onsuccess = () => {
        const db = request.result;
        // The browser may close the connection (Safari does when idle): reopen on next use.
        db.onclose = db.onversionchange = () => {
          db.close();
          this.#db = undefined;
        };
        resolve(db);
      };
      request.onerror = () => {
        this.#db = undefined;
        reject(request.error ?? new Error(`Could not open IndexedDB "${this.#name}"`));
      };
    });
    return this.#db;
  }
}
