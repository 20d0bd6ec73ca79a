/**
 * A service worker for SigningClient's tests: it records every message a page sends, answers each
 * on `event.ports[0]` with the reply the test scripted for its type, really claims pages on
 * `claim`, and broadcasts the events the test asks for. It knows nothing of signing.
 */
import type { WorkerReply } from '../../../shared/protocol.ts';
import type { ControlCommand, ReceivedMessage } from './workerControl.ts';

// The page's tsconfig has no WebWorker lib; these are the few worker globals used here.
interface WorkerClient {
  id: string;
  postMessage(message: unknown): void;
}
interface WorkerScope {
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(options: { type: 'window' }): Promise<WorkerClient[]>;
  };
  addEventListener(
    type: 'install' | 'message',
    listener: (event: WorkerMessageEvent) => void,
  ): void;
}
interface WorkerMessageEvent {
  data: unknown;
  ports: readonly MessagePort[];
  source: WorkerClient | null;
  waitUntil(promise: Promise<unknown>): void;
}

const scope = self as unknown as WorkerScope;
const received: ReceivedMessage[] = [];
const replies = new Map<string, WorkerReply>();

scope.addEventListener('install', (event) => event.waitUntil(scope.skipWaiting()));

scope.addEventListener('message', (event) => {
  const port = event.ports[0];
  const data = event.data as { type?: unknown; command?: ControlCommand };
  if (data.type === 'test-control' && data.command) {
    event.waitUntil(control(data.command).then((result) => port?.postMessage(result)));
    return;
  }
  received.push({ message: event.data, clientId: event.source?.id ?? '' });
  const type = String(data.type);
  if (type === 'claim') {
    const reply: WorkerReply = { ok: true, result: {} };
    event.waitUntil(scope.clients.claim().then(() => port?.postMessage(reply)));
    return;
  }
  port?.postMessage(replies.get(type) ?? { ok: true, result: { answered: type } });
});

async function control(command: ControlCommand): Promise<unknown> {
  switch (command.kind) {
    case 'received':
      return received;
    case 'reply':
      replies.set(command.to, command.reply);
      return true;
    case 'broadcast': {
      const windows = await scope.clients.matchAll({ type: 'window' });
      for (const client of windows) client.postMessage(command.event);
      return windows.length;
    }
  }
}
