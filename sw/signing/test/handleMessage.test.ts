import { describe, expect, it, vi } from 'vitest';
import { SigningError } from '../../../shared/errors.ts';
import type { WorkerReply } from '../../../shared/protocol.ts';
import { handleMessage } from '../handleMessage.ts';

const ORIGIN = 'https://app.example.com';

/** An ExtendableMessageEvent as the worker sees it: sender, data and a reply port. */
function message(data: unknown, source: unknown = { url: `${ORIGIN}/notes`, type: 'window' }) {
  const replies: WorkerReply[] = [];
  const port = { postMessage: (reply: WorkerReply) => replies.push(reply) };
  const event = { data, source, ports: [port] } as unknown as ExtendableMessageEvent;
  return { event, replies };
}

describe('handleMessage', () => {
  it('answers a valid request with its result on the port', async () => {
    const { event, replies } = message({ type: 'status', v: 1 });
    await handleMessage(event, ORIGIN, async () => ({ signedIn: false }));
    expect(replies).toEqual([{ ok: true, result: { signedIn: false } }]);
  });

  it.each([
    ['another origin', { url: 'https://evil.example.com/', type: 'window' }],
    ['a worker client', { url: `${ORIGIN}/w.js`, type: 'worker' }],
    ['no client', null],
  ])('refuses a message from %s', async (_name, source) => {
    const handle = vi.fn();
    const { event, replies } = message({ type: 'status', v: 1 }, source);
    await handleMessage(event, ORIGIN, handle);
    expect(replies).toEqual([
      { ok: false, error: { code: 'forbidden-client', message: expect.any(String) } },
    ]);
    expect(handle).not.toHaveBeenCalled();
  });

  it.each([
    ['a string', 'sign-in'],
    ['null', null],
    ['an array', [1]],
    ['no type', { v: 1 }],
    ['an unknown type', { type: 'steal-keys', v: 1 }],
    ['an inherited property name as type', { type: 'constructor', v: 1 }],
    ['__proto__ as type', { type: '__proto__', v: 1 }],
    ['toString as type', { type: 'toString', v: 1 }],
    ['another version', { type: 'status', v: 2 }],
    ['an extra field', { type: 'status', v: 1, apis: ['https://evil.example.com'] }],
    ['a token that is not a string', { type: 'sign-in', v: 1, idToken: 42 }],
    ['a no-token carrying a token', { type: 'no-token', v: 1, idToken: 'x' }],
  ])('answers bad-message to %s without running anything', async (_name, data) => {
    const handle = vi.fn();
    const { event, replies } = message(data);
    await handleMessage(event, ORIGIN, handle);
    expect(replies[0]).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    expect(handle).not.toHaveBeenCalled();
  });

  it("passes a handler's error code through", async () => {
    const { event, replies } = message({ type: 'sign-in', v: 1, idToken: 'x' });
    await handleMessage(event, ORIGIN, async () => {
      throw new SigningError('wrong-token', 'The ID token is for app client x, not y.');
    });
    expect(replies).toEqual([
      {
        ok: false,
        error: { code: 'wrong-token', message: 'The ID token is for app client x, not y.' },
      },
    ]);
  });

  it('answers internal for an unexpected failure and stays usable', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const first = message({ type: 'status', v: 1 });
    await handleMessage(first.event, ORIGIN, async () => {
      throw new Error('boom');
    });
    expect(first.replies[0]).toMatchObject({ ok: false, error: { code: 'internal' } });
    const second = message({ type: 'status', v: 1 });
    await handleMessage(second.event, ORIGIN, async () => 'fine');
    expect(second.replies[0]).toEqual({ ok: true, result: 'fine' });
  });

  it('does not throw when a message comes without a reply port', async () => {
    const event = {
      data: { type: 'status', v: 1 },
      source: { url: ORIGIN, type: 'window' },
      ports: [],
    };
    await expect(
      handleMessage(event as unknown as ExtendableMessageEvent, ORIGIN, async () => 'x'),
    ).resolves.toBeUndefined();
  });
});
