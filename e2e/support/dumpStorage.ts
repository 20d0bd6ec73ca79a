import type { Page } from '@playwright/test';

/**
 * Everything the page's origin keeps in IndexedDB and Cache Storage, as one searchable text:
 * every database, store, key and value, and every cached request URL, response header and body.
 */
export function dumpStorage(page: Page): Promise<string> {
  return page.evaluate(readStorage);
}

/** `dumpStorage`'s in-page half, for any driver that can run a function in the page. */
export async function readStorage(): Promise<string> {
  const out: string[] = [];
  const stringify = (value: unknown) =>
    JSON.stringify(value, (_key, v: unknown) =>
      v instanceof ArrayBuffer || ArrayBuffer.isView(v)
        ? new TextDecoder().decode(v as ArrayBuffer)
        : v instanceof Blob
          ? `[Blob ${v.size}]`
          : v,
    );
  for (const info of await indexedDB.databases()) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(info.name!);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const storeName of db.objectStoreNames) {
      const [keys, values] = await Promise.all(
        ['getAllKeys', 'getAll'].map(
          (method) =>
            new Promise<unknown[]>((resolve, reject) => {
              const store = db.transaction(storeName).objectStore(storeName);
              const request = method === 'getAll' ? store.getAll() : store.getAllKeys();
              request.onsuccess = () => resolve(request.result as unknown[]);
              request.onerror = () => reject(request.error);
            }),
        ),
      );
      out.push(`idb ${info.name}/${storeName}: ${stringify(keys)} ${stringify(values)}`);
    }
    db.close();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out.push(`cache ${name}`);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const headers = response ? stringify([...response.headers]) : '';
      const body = response ? await response.text() : '';
      out.push(`cache ${name}: ${request.url} ${headers} ${body.slice(0, 100_000)}`);
    }
  }
  return out.join('\n');
}
