import { describe, expect, it } from 'vitest';
import type { QueuedResponseBody } from './offlineProtocol.ts';
import type { Outbox } from './Outbox.ts';
import { replayOutbox } from './replayOutbox.ts';
import { sendOrQueue } from './sendOrQueue.ts';
import { parseApiUrl } from '../../shared/config.ts';
import { API_URL, freshOutbox, putEntry } from './testOutbox.ts';

const APIS = [parseApiUrl(API_URL, 'us-east-1')];

/** A network that is up or down, recording what reached it. */
function network(up: boolean) {
  const received: string[] = [];
  const net = {
    up,
    received,
    send: async (request: Request) => {
      if (!net.up) throw new TypeError('Failed to fetch');
      received.push(`${request.method} ${new URL(request.url).pathname} ${await request.text()}`);
      return new Response('{}', { status: 200 });
    },
  };
  return net;
}

function write(outbox: Outbox, net: ReturnType<typeof network>, request: Request) {
  const currentIdentity = async () => 'id-1';
  return sendOrQueue({
    request,
    outbox,
    currentIdentity,
    send: (r) => net.send(r),
    replay: () => replayOutbox({ outbox, apis: APIS, currentIdentity, send: (r) => net.send(r) }),
    newId: () => 'queued-1',
  });
}

const put = (id: string, title: string) =>
  new Request(`${API_URL}/notes/${id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, content: '' }),
  });

describe('sendOrQueue', () => {
  it('sends a write straight away when online and nothing waits', async () => {
    const { outbox } = freshOutbox();
    const net = network(true);
    const response = await write(outbox, net, put('a', 'A'));
    expect(response.status).toBe(200);
    expect(net.received).toEqual(['PUT /dev/notes/a {"title":"A","content":""}']);
    expect(await outbox.count('id-1')).toBe(0);
  });

  it('queues a write that hits a network error and answers 202 with the queue size', async () => {
    const { outbox } = freshOutbox();
    const response = await write(outbox, network(false), put('a', 'A'));
    expect(response.status).toBe(202);
    const body = (await response.json()) as QueuedResponseBody;
    expect(body).toMatchObject({ queued: true, id: 'queued-1', pendingWrites: 1 });
    const [entry] = await outbox.list('id-1');
    expect(entry?.method).toBe('PUT');
    expect(new TextDecoder().decode(entry?.body ?? undefined)).toBe('{"title":"A","content":""}');
  });

  it('replays waiting writes before a new one, so the API sees them in order', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a', 'old'));
    const net = network(true);
    await write(outbox, net, put('a', 'new'));
    expect(net.received).toEqual([
      'PUT /dev/notes/a {"title":"old","content":""}',
      'PUT /dev/notes/a {"title":"new","content":""}',
    ]);
  });

  it('queues a new write behind older ones that still cannot be sent', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a', 'old'));
    const response = await write(outbox, network(false), put('b', 'B'));
    expect(response.status).toBe(202);
    expect((await outbox.list('id-1')).map((e) => e.url.split('/').pop())).toEqual(['a', 'b']);
  });
});
