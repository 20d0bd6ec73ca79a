import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** About the size of a small script or icon a page loads from a CDN. */
const ASSET_BYTES = 2048;

/** A server on another origin, standing in for a third party (a CDN, another API) the app calls. */
export interface ThirdParty {
  /** A small asset on it, readable from any origin. */
  assetUrl: string;
  close(): Promise<void>;
}

/** Serves one small asset with CORS open to every origin and no caching, on a free port. */
export async function startThirdParty(): Promise<ThirdParty> {
  const body = Buffer.alloc(ASSET_BYTES, 'x');
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/asset.js') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/javascript',
      'Content-Length': body.length,
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-store',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    assetUrl: `http://127.0.0.1:${port}/asset.js`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
