import { describe, expect, it } from 'vitest';
import { parseApiUrl } from '../../shared/config.ts';
import { WORKER_RESPONSE_HEADER } from '../../shared/protocol.ts';
import type { Outbox } from './Outbox.ts';
import { replayOutbox } from './replayOutbox.ts';
import { API_URL, freshOutbox, putEntry } from './testOutbox.ts';

const APIS = [parseApiUrl(API_URL, 'us-east-1')];

type Answer = Response | 'network-error';

/** Replays `outbox` for `identityId`, answering sent requests from `answers` in turn. */
async function replay(outbox: Outbox, identityId: string | undefined, answers: Answer[] = []) {
  const sent: { method: string; url: string; body: string; identityId: string }[] = [];
  const result = await replayOutbox({
    outbox,
    apis: APIS,
    currentIdentity: async () => identityId,
    send: async (request, _api, pinned) => {
      sent.push({
        method: request.method,
        url: request.url,
        body: await request.text(),
        identityId: pinned,
      });
      const answer = answers.shift() ?? new Response(null, { status: 200 });
      if (answer === 'network-error') throw new TypeError('Failed to fetch');
      return answer;
    },
  });
  return { result, sent };
}

describe('replayOutbox', () => {
  it('sends every entry in order, once, and empties the outbox', async () => {
    const { outbox } = freshOutbox();
    for (const id of ['a', 'b', 'c']) await outbox.add(putEntry('id-1', id));
    const first = await replay(outbox, 'id-1');
    expect(first.sent.map((s) => s.url.split('/').pop())).toEqual(['a', 'b', 'c']);
    expect(first.sent[0]?.body).toBe(JSON.stringify({ title: 'a', content: '' }));
    expect(first.result).toEqual({ replayed: 3, pendingWrites: 0 });
    const second = await replay(outbox, 'id-1');
    expect(second.sent).toEqual([]);
  });

  it('stops at a network failure and keeps that entry and the rest, in order', async () => {
    const { outbox } = freshOutbox();
    for (const id of ['a', 'b', 'c']) await outbox.add(putEntry('id-1', id));
    const { result, sent } = await replay(outbox, 'id-1', [
      new Response(null, { status: 200 }),
      'network-error',
    ]);
    expect(sent).toHaveLength(2);
    expect(result).toEqual({ replayed: 1, pendingWrites: 2 });
    expect((await outbox.list('id-1')).map((e) => e.id)).toEqual(['entry-b', 'entry-c']);
  });

  it('drops an entry the API refused with a 4xx, since a retry would be refused too', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a'));
    await outbox.add(putEntry('id-1', 'b'));
    const { result } = await replay(outbox, 'id-1', [new Response(null, { status: 400 })]);
    expect(result).toEqual({ replayed: 2, pendingWrites: 0 });
  });

  it('keeps entries on a server error, throttling or a response the worker made itself', async () => {
    for (const answer of [
      new Response(null, { status: 502 }),
      new Response(null, { status: 429 }),
      new Response('{}', { status: 401, headers: { [WORKER_RESPONSE_HEADER]: '1' } }),
    ]) {
      const { outbox } = freshOutbox();
      await outbox.add(putEntry('id-1', 'a'));
      const { result } = await replay(outbox, 'id-1', [answer]);
      expect(result).toEqual({ replayed: 0, pendingWrites: 1 });
    }
  });

  it('sends only the signed-in identity’s entries, pinned to that identity', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a'));
    await outbox.add(putEntry('id-2', 'b'));
    const { sent } = await replay(outbox, 'id-2');
    expect(sent.map((s) => [s.url.split('/').pop(), s.identityId])).toEqual([['b', 'id-2']]);
    expect(await outbox.count('id-1')).toBe(1);
  });

  it('sends nothing while nobody is signed in', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a'));
    const { sent, result } = await replay(outbox, undefined);
    expect(sent).toEqual([]);
    expect(result).toEqual({ replayed: 0, pendingWrites: 0 });
    expect(await outbox.count('id-1')).toBe(1);
  });
});
