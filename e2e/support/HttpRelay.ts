import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request the relay passed on, as the browser sent it. */
export interface RelayedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/**
 * An HTTP relay on a free 127.0.0.1 port in front of another local server: the network between the
 * browser and that server, which a test can take down (every connection reset, as an unreachable
 * host) and bring back. It passes requests on byte for byte, the Host header included, so SigV4
 * signatures made for the relay's address verify behind it.
 */
export class HttpRelay {
  /** Every request passed on while up, in order of arrival. */
  readonly requests: RelayedRequest[] = [];
  #server: http.Server;
  #sockets = new Set<Socket>();
  #up = true;
  #targetPort: number | undefined;

  private constructor(server: http.Server) {
    this.#server = server;
  }

  /** Starts a relay whose target is set later (`to`), so its URL can go into a build first. */
  static async start(): Promise<HttpRelay> {
    const server = http.createServer();
    const relay = new HttpRelay(server);
    server.on('connection', (socket) => relay.#onConnection(socket));
    server.on('request', (req, res) => relay.#onRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>` */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Relays to the server listening on `url`'s port. */
  to(url: string): void {
    this.#targetPort = Number(new URL(url).port);
  }

  /** Cuts every open connection and resets each new one until `up()`. */
  down(): void {
    this.#up = false;
    for (const socket of this.#sockets) socket.destroy();
  }

  up(): void {
    this.#up = true;
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #onConnection(socket: Socket): void {
    if (!this.#up) return void socket.destroy();
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  #onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!this.#up || this.#targetPort === undefined) return void req.socket.destroy();
    this.requests.push({
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      at: Date.now(),
    });
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: this.#targetPort,
        method: req.method,
        path: req.url,
        // Raw pairs keep repeated headers and the browser's Host as they were signed.
        headers: req.rawHeaders,
      },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }
}
