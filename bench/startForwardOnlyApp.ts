import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The worker that only forwards, served as it is. */
const WORKER_FILE = new URL('./entries/forwardOnly/sw.js', import.meta.url);
/** A page that registers the worker; the bench loads its harness into it. */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>bench: forward-only worker</title>
<script>navigator.serviceWorker.register('/sw.js');</script>
`;

/** A page under `entries/forwardOnly/sw.js`, on its own origin. */
export interface ForwardOnlyApp {
  appUrl: string;
  close(): Promise<void>;
}

/**
 * Serves a page and the forward-only worker on a free loopback port (no build: the worker is a few
 * lines, so its cold start is a worker's alone). `no-cache` so a new run never boots an old worker.
 */
export async function startForwardOnlyApp(): Promise<ForwardOnlyApp> {
  const worker = await readFile(WORKER_FILE);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const [type, body] =
      path === '/'
        ? ['text/html; charset=utf-8', Buffer.from(PAGE)]
        : path === '/sw.js'
          ? ['text/javascript', worker]
          : [undefined, undefined];
    if (req.method !== 'GET' || !type || !body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    appUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
