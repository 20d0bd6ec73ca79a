import { describe, expect, it } from 'vitest';
import { parseApiUrl } from '../../../shared/config.ts';
import { WORKER_RESPONSE_HEADER } from '../../../shared/protocol.ts';
import { Clock } from '../../signing/test/fixtures.ts';
import type { FailedWrite } from '../offlineProtocol.ts';
import type { Outbox } from '../Outbox.ts';
import { replayOutbox } from '../replayOutbox.ts';
import { MAX_ATTEMPTS, retryDelay } from '../retryDelay.ts';
import { API_URL, freshOutbox, putEntry } from './testOutbox.ts';

const APIS = [parseApiUrl(API_URL, 'us-east-1')];

type Answer = Response | 'network-error';

/** The pause after the `attempts`-th failure with the jitter at its top (the tests' `random`). */
const ceiling = (attempts: number) => retryDelay(attempts, () => 1);

/**
 * Replays `outbox` for `identityId`, answering sent requests from `answers` in turn; the jitter is
 * at its top unless `random` says otherwise.
 */
async function replay(
  outbox: Outbox,
  identityId: string | undefined,
  answers: Answer[] = [],
  { online = true, clock = new Clock(), ignorePause = false, random = (): number => 1 } = {},
) {
  const sent: { method: string; url: string; body: string; identityId: string }[] = [];
  const failed: FailedWrite[] = [];
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
    onFailed: async (write) => void failed.push(write),
    online: () => online,
    ignorePause,
    now: clock.now,
    random,
  });
  return { result, sent, failed, names: sent.map((s) => s.url.split('/').pop()) };
}

const status = (code: number) => new Response(null, { status: code });
const ids = async (outbox: Outbox) => (await outbox.list('id-1')).map((e) => e.id);

describe('replayOutbox', () => {
  it('sends every entry in order, once, and empties the outbox', async () => {
    const { outbox } = freshOutbox();
    for (const id of ['a', 'b', 'c']) await outbox.add(putEntry('id-1', id));
    const first = await replay(outbox, 'id-1');
    expect(first.names).toEqual(['a', 'b', 'c']);
    expect(first.sent[0]?.body).toBe(JSON.stringify({ title: 'a', content: '' }));
    expect(first.result).toEqual({ replayed: 3, pendingWrites: 0, failed: 0 });
    const second = await replay(outbox, 'id-1');
    expect(second.sent).toEqual([]);
  });

  it('stops at a network failure while offline, keeping that entry and the rest without counting an attempt', async () => {
    const { outbox } = freshOutbox();
    for (const id of ['a', 'b', 'c']) await outbox.add(putEntry('id-1', id));
    const { result, sent } = await replay(outbox, 'id-1', [status(200), 'network-error'], {
      online: false,
    });
    expect(sent).toHaveLength(2);
    expect(result).toEqual({ replayed: 1, pendingWrites: 2, failed: 0 });
    const waiting = await outbox.list('id-1');
    expect(waiting.map((e) => [e.id, e.attempts])).toEqual([
      ['entry-b', undefined],
      ['entry-c', undefined],
    ]);
  });

  it('moves an entry the API refused with a 4xx to the failed list, names it, and sends the rest', async () => {
    const { outbox } = freshOutbox();
    const clock = new Clock();
    await outbox.add(putEntry('id-1', 'a'));
    await outbox.add(putEntry('id-1', 'b'));
    const { result, failed, names } = await replay(outbox, 'id-1', [status(400)], { clock });
    expect(names).toEqual(['a', 'b']);
    expect(result).toEqual({ replayed: 1, pendingWrites: 0, failed: 1 });
    const expected = {
      id: 'entry-a',
      identityId: 'id-1',
      method: 'PUT',
      url: `${API_URL}/notes/a`,
      reason: 'refused',
      status: 400,
      attempts: 1,
      failedAt: clock.time,
    };
    expect(failed).toEqual([expect.objectContaining(expected)]);
    expect(await outbox.failed('id-1')).toEqual([expect.objectContaining(expected)]);
    expect(await outbox.countFailed('id-1')).toBe(1);
    expect(await outbox.countFailed('id-2')).toBe(0);
  });

  const failures: [string, () => Answer, number][] = [
    ['a server error', () => status(500), 500],
    ['throttling', () => status(429), 429],
    ['a network error while online (a 502 without CORS headers)', () => 'network-error', 0],
  ];
  for (const [what, answer, lastStatus] of failures) {
    it(`retries ${what} with growing pauses, holding the entries behind it, then gives up on it and sends the rest`, async () => {
      const { outbox } = freshOutbox();
      const clock = new Clock();
      await outbox.add(putEntry('id-1', 'poison'));
      await outbox.add(putEntry('id-1', 'next'));
      const pauses: number[] = [];
      for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
        const pass = await replay(outbox, 'id-1', [answer()], { clock });
        expect(pass.names).toEqual(['poison']);
        expect(pass.result).toMatchObject({ replayed: 0, pendingWrites: 2, failed: 0 });
        const [head] = await outbox.list('id-1');
        expect(head?.attempts).toBe(attempt);
        expect(pass.result.retryAt).toBe(head?.retryAt);
        pauses.push(head!.retryAt! - clock.time);
        // Before the pause ends nothing is sent, not even the entries behind it.
        clock.advance(pauses.at(-1)! - 1);
        const early = await replay(outbox, 'id-1', [], { clock });
        expect(early.sent).toEqual([]);
        expect(early.result.retryAt).toBe(head?.retryAt);
        clock.advance(1);
      }
      expect(pauses).toEqual([1, 2, 3, 4].map(ceiling));
      expect(pauses).toEqual([...pauses].sort((a, b) => a - b));

      const last = await replay(outbox, 'id-1', [answer()], { clock });
      expect(last.names).toEqual(['poison', 'next']);
      expect(last.result).toEqual({ replayed: 1, pendingWrites: 0, failed: 1 });
      expect(last.failed).toEqual([
        expect.objectContaining({
          id: 'entry-poison',
          reason: 'gave-up',
          status: lastStatus,
          attempts: MAX_ATTEMPTS,
        }),
      ]);
    });
  }

  it('draws each pause between half its ceiling and the ceiling, so devices that failed together spread out', async () => {
    const { outbox } = freshOutbox();
    const clock = new Clock();
    await outbox.add(putEntry('id-1', 'a'));
    await replay(outbox, 'id-1', [status(503)], { clock, random: () => 0.25 });
    const [entry] = await outbox.list('id-1');
    expect(entry?.retryAt).toBe(clock.time + ceiling(1) / 2 + ceiling(1) / 8);
  });

  it('gives up on a send that never answers, counts the attempt and frees the writes behind it', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'stuck'));
    const clock = new Clock();
    let signal: AbortSignal | undefined;
    const result = await replayOutbox({
      outbox,
      apis: APIS,
      currentIdentity: async () => 'id-1',
      // Like fetch: no answer ever, but the request's signal aborts it.
      send: (request) =>
        new Promise((_, reject) => {
          signal = request.signal;
          signal.addEventListener('abort', () => reject(signal!.reason as Error));
        }),
      online: () => true,
      now: clock.now,
      random: () => 1,
      sendTimeoutMs: 20,
    });
    expect(signal?.aborted).toBe(true);
    expect(result).toMatchObject({ replayed: 0, pendingWrites: 1, failed: 0 });
    const [entry] = await outbox.list('id-1');
    expect(entry).toMatchObject({ attempts: 1, retryAt: clock.time + ceiling(1) });
  });

  it('sends an entry that failed before once the API recovers', async () => {
    const { outbox } = freshOutbox();
    const clock = new Clock();
    await outbox.add(putEntry('id-1', 'a'));
    await replay(outbox, 'id-1', [status(503)], { clock });
    clock.advance(ceiling(1));
    const { result } = await replay(outbox, 'id-1', [status(200)], { clock });
    expect(result).toEqual({ replayed: 1, pendingWrites: 0, failed: 0 });
    expect(await outbox.countFailed('id-1')).toBe(0);
  });

  it('tries a held entry at once when the page says it is back online, and counts the attempt', async () => {
    const { outbox } = freshOutbox();
    const clock = new Clock();
    await outbox.add(putEntry('id-1', 'a'));
    await replay(outbox, 'id-1', ['network-error'], { clock });
    const held = await replay(outbox, 'id-1', [], { clock });
    expect(held.sent).toEqual([]);
    const lifted = await replay(outbox, 'id-1', ['network-error'], { clock, ignorePause: true });
    expect(lifted.names).toEqual(['a']);
    expect((await outbox.list('id-1'))[0]?.attempts).toBe(2);
    const { result } = await replay(outbox, 'id-1', [], { clock, ignorePause: true });
    expect(result).toEqual({ replayed: 1, pendingWrites: 0, failed: 0 });
  });

  it('sends a held entry at once when the device clock went back since its pause was set', async () => {
    const { outbox } = freshOutbox();
    const clock = new Clock();
    await outbox.add(putEntry('id-1', 'a'));
    await replay(outbox, 'id-1', [status(500)], { clock });
    clock.advance(-2 * 3600_000);
    const { result } = await replay(outbox, 'id-1', [], { clock });
    expect(result).toEqual({ replayed: 1, pendingWrites: 0, failed: 0 });
  });

  it('keeps entries without an attempt while the worker cannot sign (session ended, Cognito down)', async () => {
    for (const code of [401, 503]) {
      const { outbox } = freshOutbox();
      await outbox.add(putEntry('id-1', 'a'));
      const answer = new Response('{}', {
        status: code,
        headers: { [WORKER_RESPONSE_HEADER]: '1' },
      });
      const { result } = await replay(outbox, 'id-1', [answer]);
      expect(result).toEqual({ replayed: 0, pendingWrites: 1, failed: 0 });
      expect((await outbox.list('id-1'))[0]?.attempts).toBeUndefined();
    }
  });

  it('fails at once an entry the worker refuses to send (a method API Gateway cannot route)', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a'));
    const answer = new Response('{}', { status: 405, headers: { [WORKER_RESPONSE_HEADER]: '1' } });
    const { result, failed } = await replay(outbox, 'id-1', [answer]);
    expect(result).toEqual({ replayed: 0, pendingWrites: 0, failed: 1 });
    expect(failed[0]).toMatchObject({ reason: 'refused', status: 405 });
  });

  it('sends only the signed-in identity’s entries, pinned to that identity', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a'));
    await outbox.add(putEntry('id-2', 'b'));
    const { sent } = await replay(outbox, 'id-2');
    expect(sent.map((s) => [s.url.split('/').pop(), s.identityId])).toEqual([['b', 'id-2']]);
    expect(await outbox.count('id-1')).toBe(1);
    expect(await ids(outbox)).toEqual(['entry-a']);
  });

  it('sends nothing while nobody is signed in', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a'));
    const { sent, result } = await replay(outbox, undefined);
    expect(sent).toEqual([]);
    expect(result).toEqual({ replayed: 0, pendingWrites: 0, failed: 0 });
    expect(await outbox.count('id-1')).toBe(1);
  });
});
