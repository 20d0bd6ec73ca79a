import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer as Cognito sent it; `hang` answers nothing until the server closes. */
export type Recorded =
  { status: number; headers: Record<string, string>; body: string } | { hang: true };

/** A request the server saw. */
export interface SeenRequest {
  target: string | undefined;
  contentType: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A `node:http` server on a free loopback port that replays recorded answers in order. */
export interface ReplayServer {
  url: string;
  seen: SeenRequest[];
  /** Queues answers for the next requests; when the queue is empty the last answer repeats. */
  replay(...answers: Recorded[]): void;
  close(): Promise<void>;
}

/** Starts a replay server; close it after the suite. */
export async function startReplayServer(): Promise<ReplayServer> {
  let queue: Recorded[] = [];
  let last: Recorded | undefined;
  const seen: SeenRequest[] = [];
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      seen.push({
        target: typeof target === 'string' ? target : undefined,
        contentType: req.headers['content-type'],
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = queue.shift() ?? last;
      last = answer;
      if (!answer) {
        res.writeHead(599).end('no recorded answer queued');
      } else if ('hang' in answer) {
        hung.add(res);
        res.once('close', () => hung.delete(res));
      } else {
        // The recorded Date, not the server's own: the tests check that it is what the caller learns.
        res.sendDate = false;
        res.writeHead(answer.status, answer.headers).end(answer.body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    replay(...answers) {
      queue = answers;
      last = undefined;
      seen.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
