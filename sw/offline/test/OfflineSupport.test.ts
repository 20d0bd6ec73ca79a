import { install } from '../../signing/test/installHarness.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { idToken } from '../../signing/test/fixtures.ts';
import { OutboxClient } from '../client/OutboxClient.ts';
import { OfflineSupport } from '../OfflineSupport.ts';
import { freshOutbox, putEntry } from './testOutbox.ts';

describe('OfflineSupport as a plug-in', () => {
  it('adds its own messages to the worker, and nothing to the core’s status', async () => {
    const { outbox } = freshOutbox();
    const { layer, post, clock } = install({ plugins: [new OfflineSupport({}, { outbox })] });
    expect(layer.plugins).toEqual(['offline']);
    expect(layer.messageTypes).toEqual(expect.arrayContaining(['sync', 'pending-writes']));

    const signIn = await post({ type: 'sign-in', v: 1, idToken: idToken({}, clock.time) });
    const { identityId } = (signIn as { result: { identityId: string } }).result;
    await outbox.add(putEntry(identityId, 'a'));
    expect(await post({ type: 'pending-writes', v: 1 })).toEqual({
      ok: true,
      result: { pendingWrites: 1, failedWrites: 0 },
    });
    const status = await post({ type: 'status', v: 1 });
    expect(status).toMatchObject({ ok: true, result: { signedIn: true } });
    expect((status as { result: object }).result).not.toHaveProperty('pendingWrites');
    expect(await post({ type: 'sync', v: 1, now: true })).toMatchObject({
      ok: false,
      error: { code: 'bad-message' },
    });
  });

  it('is reached from the page through OutboxClient over any worker channel', async () => {
    const sent: [string, unknown][] = [];
    const listeners = new Map<string, (event: never) => void>();
    const client = new OutboxClient({
      request: async <T>(type: string, fields?: Record<string, unknown>) => {
        sent.push([type, fields]);
        return (
          type === 'sync' ? { replayed: 1, pendingWrites: 0, failed: 0 } : { pendingWrites: 2 }
        ) as T;
      },
      on: (type, listener) => {
        listeners.set(type, listener);
        return () => listeners.delete(type);
      },
    });
    expect(await client.sync()).toEqual({ replayed: 1, pendingWrites: 0, failed: 0 });
    expect(await client.pendingWrites()).toBe(2);
    expect(sent.map(([type]) => type)).toEqual(['sync', 'pending-writes']);
    const seen: number[] = [];
    const stop = client.onChange((pendingWrites) => seen.push(pendingWrites));
    listeners.get('outbox-changed')?.({
      type: 'outbox-changed',
      v: 1,
      pendingWrites: 3,
      failedWrites: 0,
    } as never);
    expect(seen).toEqual([3]);
    stop();
    expect(listeners.has('outbox-changed')).toBe(false);
  });
});

describe('OfflineSupport failed writes', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('tells the page which replayed write the API refused, counts it, lists it and clears it', async () => {
    const { outbox } = freshOutbox();
    const { post, posted, clock } = install({ plugins: [new OfflineSupport({}, { outbox })] });
    const signIn = await post({ type: 'sign-in', v: 1, idToken: idToken({}, clock.time) });
    const { identityId } = (signIn as { result: { identityId: string } }).result;
    await outbox.add(putEntry(identityId, 'bad'));
    await outbox.add(putEntry(identityId, 'good'));
    // The network boundary: the API refuses the first write and takes the second.
    const statuses = [400, 200];
    vi.stubGlobal('fetch', async () => new Response('{}', { status: statuses.shift() ?? 500 }));

    expect(await post({ type: 'sync', v: 1 })).toEqual({
      ok: true,
      result: { replayed: 1, pendingWrites: 0, failed: 1 },
    });
    const refused = posted.filter((e) => (e as { type: string }).type === 'write-failed');
    expect(refused).toEqual([
      expect.objectContaining({
        write: expect.objectContaining({
          method: 'PUT',
          url: 'https://api.example.com/dev/notes/bad',
          status: 400,
          reason: 'refused',
        }),
        failedWrites: 1,
      }),
    ]);
    expect(posted).toContainEqual(
      expect.objectContaining({ type: 'outbox-changed', pendingWrites: 0, failedWrites: 1 }),
    );
    expect(await post({ type: 'pending-writes', v: 1 })).toEqual({
      ok: true,
      result: { pendingWrites: 0, failedWrites: 1 },
    });
    const listed = (await post({ type: 'failed-writes', v: 1 })) as {
      result: { failedWrites: { id: string }[] };
    };
    expect(listed.result.failedWrites.map((w) => w.id)).toEqual(['entry-bad']);
    expect(await post({ type: 'clear-failed-writes', v: 1 })).toEqual({
      ok: true,
      result: { pendingWrites: 0, failedWrites: 0 },
    });
    expect(await post({ type: 'failed-writes', v: 1 })).toEqual({
      ok: true,
      result: { failedWrites: [] },
    });
  });
});
