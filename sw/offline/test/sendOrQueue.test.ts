import { describe, expect, it } from 'vitest';
import { parseApiUrl } from '../../../shared/config.ts';
import { WORKER_RESPONSE_HEADER } from '../../../shared/protocol.ts';
import { readApiRequest, type ApiRequest } from '../../signing/ApiRequest.ts';
import { Clock, deferred } from '../../signing/test/fixtures.ts';
import type { QueuedResponseBody } from '../offlineProtocol.ts';
import { Outbox, type NewOutboxEntry, type OutboxEntry } from '../Outbox.ts';
import { replayOutbox } from '../replayOutbox.ts';
import { retryDelay } from '../retryDelay.ts';
import { sendOrQueue } from '../sendOrQueue.ts';
import { SerialQueue } from '../SerialQueue.ts';
import { API_URL, freshOutbox, putEntry } from './testOutbox.ts';

const APIS = [parseApiUrl(API_URL, 'us-east-1')];

/** Lets the event loop run until the code under test has nothing left to do but wait on a gate. */
async function settle(): Promise<void> {
  // fake-indexeddb answers each request on a later macrotask; a few dozen turns cover a write.
  for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** A network that is up or down, recording what reached it; `hold` gates the next send. */
function network(up: boolean) {
  const received: string[] = [];
  const held: ReturnType<typeof deferred<void>>[] = [];
  const net = {
    up,
    online: up,
    received,
    held,
    hold() {
      const gate = deferred();
      held.push(gate);
      return gate;
    },
    send: async (request: Request) => {
      const gate = held.shift();
      const text = await request.text();
      if (gate) await gate.promise;
      if (!net.up) throw new TypeError('Failed to fetch');
      received.push(`${request.method} ${new URL(request.url).pathname} ${text}`);
      return new Response('{}', { status: 200 });
    },
  };
  return net;
}

function writer(outbox: Outbox, net: ReturnType<typeof network>, clock = new Clock()) {
  const currentIdentity = async () => 'id-1';
  const writes = new SerialQueue();
  let ids = 0;
  return async (request: Request) => {
    const call = (await readApiRequest(request, APIS[0]!)) as ApiRequest;
    return sendOrQueue({
      request: call,
      outbox,
      currentIdentity,
      send: () => net.send(new Request(call.url, call)),
      replay: () =>
        replayOutbox({
          outbox,
          apis: APIS,
          currentIdentity,
          send: (r) => net.send(r),
          online: () => net.online,
          now: clock.now,
          random: () => 1,
        }),
      serialise: (identityId, task) => writes.run(identityId, task),
      online: () => net.online,
      now: clock.now,
      newId: () => `queued-${++ids}`,
      random: () => 1,
    });
  };
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
    const response = await writer(outbox, net)(put('a', 'A'));
    expect(response.status).toBe(200);
    expect(net.received).toEqual(['PUT /dev/notes/a {"title":"A","content":""}']);
    expect(await outbox.count('id-1')).toBe(0);
  });

  it('queues a write that hits a network error offline and answers 202 with the queue size', async () => {
    const { outbox } = freshOutbox();
    const response = await writer(outbox, network(false))(put('a', 'A'));
    expect(response.status).toBe(202);
    const body = (await response.json()) as QueuedResponseBody;
    expect(body).toMatchObject({ queued: true, id: 'queued-1', pendingWrites: 1 });
    const [entry] = await outbox.list('id-1');
    expect(entry?.method).toBe('PUT');
    expect(entry?.attempts).toBeUndefined();
    expect(new TextDecoder().decode(entry?.body ?? undefined)).toBe('{"title":"A","content":""}');
  });

  it('counts a network error while online as a first failed attempt, with its pause', async () => {
    const { outbox } = freshOutbox();
    const clock = new Clock();
    const net = network(false);
    net.online = true;
    const response = await writer(outbox, net, clock)(put('a', 'A'));
    expect(response.status).toBe(202);
    const [entry] = await outbox.list('id-1');
    expect(entry).toMatchObject({ attempts: 1, retryAt: clock.time + retryDelay(1, () => 1) });
  });

  it('replays waiting writes before a new one, so the API sees them in order', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a', 'old'));
    const net = network(true);
    await writer(outbox, net)(put('a', 'new'));
    expect(net.received).toEqual([
      'PUT /dev/notes/a {"title":"old","content":""}',
      'PUT /dev/notes/a {"title":"new","content":""}',
    ]);
  });

  it('queues a new write behind older ones that still cannot be sent', async () => {
    const { outbox } = freshOutbox();
    await outbox.add(putEntry('id-1', 'a', 'old'));
    const response = await writer(outbox, network(false))(put('b', 'B'));
    expect(response.status).toBe(202);
    expect((await outbox.list('id-1')).map((e) => e.url.split('/').pop())).toEqual(['a', 'b']);
  });

  it('keeps two concurrent writes in order when the first fails while the second would succeed', async () => {
    const { outbox } = freshOutbox();
    const clock = new Clock();
    const net = network(true);
    const write = writer(outbox, net, clock);
    // The first write is on the wire when the second is made; then the connection drops for it.
    const gate = net.hold();
    const first = write(put('a', 'first'));
    const second = write(put('a', 'second'));
    await settle();
    gate.reject(new TypeError('Failed to fetch'));
    expect((await first).status).toBe(202);
    expect((await second).status).toBe(202);
    expect(net.received).toEqual([]);
    expect(
      (await outbox.list('id-1')).map((e) => e.body && new TextDecoder().decode(e.body)),
    ).toEqual(['{"title":"first","content":""}', '{"title":"second","content":""}']);

    clock.advance(retryDelay(1, () => 1));
    await write(put('b', 'third'));
    expect(net.received.map((line) => line.split(' ').slice(1).join(' '))).toEqual([
      '/dev/notes/a {"title":"first","content":""}',
      '/dev/notes/a {"title":"second","content":""}',
      '/dev/notes/b {"title":"third","content":""}',
    ]);
  });

  it('answers 507 outbox-full when the storage quota refuses to queue a write, keeping nothing half-stored', async () => {
    const { name } = freshOutbox();
    class FullOutbox extends Outbox {
      override add(_entry: NewOutboxEntry): Promise<OutboxEntry> {
        return Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError'));
      }
    }
    const outbox = new FullOutbox(name);
    const response = await writer(outbox, network(false))(put('a', 'A'));
    expect(response.status).toBe(507);
    expect(response.headers.get(WORKER_RESPONSE_HEADER)).toBe('1');
    expect(await response.json()).toMatchObject({ code: 'outbox-full' });
    expect(await outbox.count('id-1')).toBe(0);
  });

  it('answers 500 outbox-unavailable when IndexedDB fails otherwise', async () => {
    const { name } = freshOutbox();
    class BrokenOutbox extends Outbox {
      override add(_entry: NewOutboxEntry): Promise<OutboxEntry> {
        return Promise.reject(new DOMException('Disk gone', 'UnknownError'));
      }
    }
    const response = await writer(new BrokenOutbox(name), network(false))(put('a', 'A'));
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ code: 'outbox-unavailable' });
  });
});
