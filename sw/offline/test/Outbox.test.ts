import { describe, expect, it } from 'vitest';
import { Outbox } from '../Outbox.ts';
import { freshOutbox, putEntry } from './testOutbox.ts';

describe('Outbox', () => {
  it('lists an identity’s entries in the order they were queued', async () => {
    const { outbox } = freshOutbox();
    for (const id of ['c', 'a', 'b']) await outbox.add(putEntry('id-1', id));
    const listed = await outbox.list('id-1');
    expect(listed.map((e) => e.id)).toEqual(['entry-c', 'entry-a', 'entry-b']);
    expect(listed.map((e) => e.seq)).toEqual([...listed.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('keeps identities apart', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a'));
    await outbox.add(putEntry('id-2', 'b'));
    await outbox.add(putEntry('id-1', 'c'));
    expect((await outbox.list('id-1')).map((e) => e.id)).toEqual(['entry-a', 'entry-c']);
    expect((await outbox.list('id-2')).map((e) => e.id)).toEqual(['entry-b']);
    expect(await outbox.count('id-1')).toBe(2);
    expect(await outbox.count('id-3')).toBe(0);
  });

  it('keeps the body bytes and headers', async () => {
    const { outbox } = freshOutbox();
    const entry = putEntry('id-1', 'a', 'Grüße');
    await outbox.add(entry);
    const [stored] = await outbox.list('id-1');
    expect(stored?.headers).toEqual(entry.headers);
    expect(new TextDecoder().decode(stored?.body ?? undefined)).toBe(
      JSON.stringify({ title: 'Grüße', content: '' }),
    );
  });

  it('survives a new instance (a restarted worker)', async () => {
    const { outbox, name } = freshOutbox();
    const added = await outbox.add(putEntry('id-1', 'a'));
    const reopened = new Outbox(name);
    expect(await reopened.list('id-1')).toEqual([added]);
    await reopened.remove(added.seq);
    expect(await outbox.count('id-1')).toBe(0);
  });
});

describe('Outbox upgrade', () => {
  it('keeps the writes a version-1 outbox queued and adds the failed list', async () => {
    const { name } = freshOutbox();
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore('entries', {
          keyPath: 'seq',
          autoIncrement: true,
        });
        store.createIndex('identityId', 'identityId');
        store.add(putEntry('id-1', 'old'));
      };
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    const outbox = new Outbox(name);
    const [entry] = await outbox.list('id-1');
    expect(entry?.id).toBe('entry-old');
    await outbox.fail(entry!, { reason: 'refused', status: 400, failedAt: 1 });
    expect(await outbox.count('id-1')).toBe(0);
    expect((await outbox.failed('id-1')).map((w) => w.id)).toEqual(['entry-old']);
    await outbox.clearFailed('id-1');
    expect(await outbox.countFailed('id-1')).toBe(0);
  });
});
