import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the other origin received, with its headers as they arrived. */
export interface ReceivedElsewhere {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A second local server standing in for another site: the worst case, it allows any CORS request. */
export interface OtherOrigin {
  /** e.g. `http://127.0.0.1:41235` */
  origin: string;
  received: ReceivedElsewhere[];
  close(): Promise<void>;
}

/**
 * Starts a server on a free port that records every request and answers 200 with permissive CORS
 * (the page's origin echoed, every requested header and method allowed, credentials too), so a
 * leaked header would not be stopped by a failing preflight.
 */
export async function startOtherOrigin(): Promise<OtherOrigin> {
  const received: ReceivedElsewhere[] = [];
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      'Access-Control-Allow-Methods': req.headers['access-control-request-method'] ?? '*',
      'Content-Type': 'text/plain',
    });
    res.end('elsewhere');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
