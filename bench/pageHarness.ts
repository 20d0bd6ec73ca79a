import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsClient, AwsV4Signer } from 'aws4fetch';
import { signCryptoJs } from './sigV4ClientCryptoJs.ts';

/** Every way of sending a GET that the latency and throughput sections compare, in table order. */
export const GET_VARIANTS = [
  'floor',
  'aws4fetch',
  'aws4fetchQuery',
  'cryptoJs',
  'passThrough',
  'passThroughSigned',
  'worker',
  'workerQuery',
  'workerLean',
] as const;
/**
 * How a page request is made: unsigned to the open route (the floor); signed in the page with
 * aws4fetch (in headers, or in the query string), or the crypto-js way; sent plain and signed by a
 * service worker (the demo's, the demo's built to sign GETs in the query, or one with the signing
 * layer alone); or through a worker that only passes it on, unsigned to the open route or signed in
 * the page with aws4fetch.
 */
export type Variant = (typeof GET_VARIANTS)[number];

/** Which URLs a run of GETs asks for: one URL again and again, or a new URL each request. */
export type UrlScenario = 'sameUrl' | 'distinctUrls';

/** The in-page signers, timed without the network. */
export type PageSigner = 'aws4fetch' | 'smithy' | 'cryptoJs';

/** Temporary credentials for in-page signing, as the Identity Pool issues them. */
export interface PageCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  region: string;
}

/** The benchmark's code inside a page; every timing is `performance.now()` in that page. */
export interface PageHarness {
  /** The API stage URL, and credentials when this page signs by itself. */
  configure(apiUrl: string, credentials?: PageCredentials): void;
  /**
   * Sends `count` GETs one after another, to one fixed URL or (`distinctUrls`) to a URL never asked
   * for before; milliseconds of each, to the end of the body.
   */
  sequential(variant: Variant, count: number, urls?: UrlScenario): Promise<number[]>;
  /** Sends `count` small JSON PUTs to one fixed URL one after another; milliseconds of each. */
  put(variant: Variant, count: number): Promise<number[]>;
  /** Sends `total` GETs, `concurrency` at a time; milliseconds for all of them. */
  concurrent(variant: Variant, total: number, concurrency: number): Promise<number>;
  /** Sends `count` POSTs of `bytes` bytes one after another; milliseconds of each. */
  post(variant: Variant, bytes: number, count: number): Promise<number[]>;
  /** Signs the benchmark's GET `count` times without sending it; microseconds per signature. */
  signOnly(signer: PageSigner, count: number): Promise<number>;
  /** Sends `count` uncached GETs of any URL one after another (no signing here); milliseconds of each. */
  plainGets(url: string, count: number): Promise<number[]>;
  /**
   * Sends `count` requests of a kind one after another, plainly (a worker may sign them); when each
   * started and ended, in epoch milliseconds, to line up with a worker's probes.
   */
  timeline(request: TimelineRequest, count: number): Promise<Array<{ start: number; end: number }>>;
  /** The records of the profiled worker's probes since the last call (`entries/workerProbes.js`). */
  probeRecords(): Promise<ProbeRecords>;
}

/** What `timeline` sends: the signed GET, a signed POST of `bytes`, or a GET of any URL. */
export type TimelineRequest =
  { kind: 'get' } | { kind: 'post'; bytes: number } | { kind: 'url'; url: string };

/** A span a probe recorded: what ran, from when to when (epoch milliseconds). */
export interface ProbeSpan {
  kind: string;
  start: number;
  end: number;
}

/** What the profiled worker's probes recorded: its start, and one record per fetch event. */
export interface ProbeRecords {
  boot: {
    timeOrigin: number;
    scriptStart: number;
    /** When the SDK's modules (the probes import them first) had been evaluated. */
    sdkModules: number;
    evaluated?: number;
    sdkClient?: { start: number; end: number };
    spans: ProbeSpan[];
  };
  requests: Array<{
    url: string;
    method: string;
    dispatched: number;
    respondWith?: number;
    settled?: number;
    spans: ProbeSpan[];
  }>;
}

/** The channel `entries/workerProbes.js` answers on. */
const PROBE_CHANNEL = 'sigv4-bench-probes';
/** The profiled worker answers at once while it runs; longer means it is not the profiled build. */
const PROBE_TIMEOUT_MS = 5_000;

/** The window of a page the harness was loaded into. */
export interface HarnessWindow {
  bench: PageHarness;
}

/** Where the echo lives, with and without IAM auth. */
function routeOf(variant: Variant): string {
  return variant === 'floor' || variant === 'passThrough' ? 'open' : 'echo';
}

export function createPageHarness(): PageHarness {
  let apiUrl = '';
  let credentials: PageCredentials | undefined;
  let client: AwsClient | undefined;
  const bodies = new Map<number, Uint8Array>();
  const keyCache = new Map<string, ArrayBuffer>();
  let smithy: SignatureV4 | undefined;

  const signer = (variant: Variant): AwsClient => {
    if (!client) throw new Error(`${variant} needs credentials: call configure first`);
    return client;
  };
  const send = (variant: Variant, url: string, init: RequestInit = {}): Promise<Response> => {
    switch (variant) {
      case 'floor':
      case 'worker':
      case 'workerQuery':
      case 'workerLean':
      case 'passThrough':
        return fetch(url, init);
      case 'aws4fetch':
      case 'passThroughSigned':
        return signer(variant).fetch(url, init);
      case 'aws4fetchQuery':
        // Signature and token in the query, no custom header: a GET is a CORS simple request.
        return signer(variant).fetch(url, { ...init, aws: { signQuery: true } });
      case 'cryptoJs': {
        if (!credentials) throw new Error('cryptoJs needs credentials: call configure first');
        const headers = signCryptoJs({
          ...credentials,
          method: init.method ?? 'GET',
          url,
          service: 'execute-api',
        });
        return fetch(url, { ...init, headers });
      }
    }
  };

  /** One request, read to the end; anything but a 200 fails the run, so every variant is correct. */
  const timed = async (variant: Variant, url: string, init?: RequestInit): Promise<number> => {
    const started = performance.now();
    const response = await send(variant, url, init);
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) {
      const text = new TextDecoder().decode(body).slice(0, 300);
      throw new Error(`${variant} ${init?.method ?? 'GET'} ${url}: ${response.status} ${text}`);
    }
    return elapsed;
  };

  const bodyOf = (bytes: number): Uint8Array<ArrayBuffer> => {
    let body = bodies.get(bytes);
    if (!body) {
      body = new Uint8Array(bytes);
      for (let i = 0; i < bytes; i += 65_536) crypto.getRandomValues(body.subarray(i, i + 65_536));
      bodies.set(bytes, body);
    }
    return body as Uint8Array<ArrayBuffer>;
  };
  const postInit = (bytes: number): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: bodyOf(bytes),
  });
  const epochNow = () => performance.timeOrigin + performance.now();

  // One fixed URL per route: Chromium caches a CORS preflight per URL, so the signed variants
  // pay it once (as an app calling the same endpoints does), not per request.
  const getUrl = (variant: Variant) => `${apiUrl}/${routeOf(variant)}/bench`;
  // A URL no page of the run asked for before (the run's pages share no preflight cache anyway,
  // each has its own browser context, but two variants may share a page).
  const runId = crypto.randomUUID().slice(0, 8);
  let distinct = 0;
  const distinctUrl = (variant: Variant) =>
    `${apiUrl}/${routeOf(variant)}/bench/${runId}-${variant}-${distinct++}`;
  const putInit = (): RequestInit => ({
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: 'a note of a typical size', at: Date.now() }),
  });

  return {
    configure(url, given) {
      apiUrl = url;
      credentials = given;
      client = given ? new AwsClient({ ...given, service: 'execute-api', retries: 0 }) : undefined;
      smithy = given
        ? new SignatureV4({
            credentials: given,
            region: given.region,
            service: 'execute-api',
            sha256: Sha256,
          })
        : undefined;
    },

    async sequential(variant, count, urls = 'sameUrl') {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        const url = urls === 'sameUrl' ? getUrl(variant) : distinctUrl(variant);
        times.push(await timed(variant, url));
      }
      return times;
    },

    async put(variant, count) {
      const url = `${getUrl(variant)}/put`;
      const times: number[] = [];
      for (let i = 0; i < count; i++) times.push(await timed(variant, url, putInit()));
      return times;
    },

    async concurrent(variant, total, concurrency) {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) {
            next++;
            // Chromium's HTTP cache lets one request per URL at a time through its cache lock; with
            // a real round trip that serialises the whole burst. No real app asks for one URL 16
            // times at once, so the burst bypasses the cache (the worker carries the mode over).
            await timed(variant, getUrl(variant), { cache: 'no-store' });
          }
        }),
      );
      return performance.now() - started;
    },

    async post(variant, bytes, count) {
      const url = `${apiUrl}/${routeOf(variant)}/upload`;
      const times: number[] = [];
      for (let i = 0; i < count; i++) times.push(await timed(variant, url, postInit(bytes)));
      return times;
    },

    async plainGets(url, count) {
      const times: number[] = [];
      // no-store: every GET goes to the server, with or without a worker, never to the HTTP cache.
      for (let i = 0; i < count; i++) times.push(await timed('floor', url, { cache: 'no-store' }));
      return times;
    },

    async timeline(request, count) {
      const [url, init]: [string, RequestInit] =
        request.kind === 'get'
          ? [getUrl('worker'), {}]
          : request.kind === 'post'
            ? [`${apiUrl}/echo/upload`, postInit(request.bytes)]
            : [request.url, { cache: 'no-store' }];
      const spans: Array<{ start: number; end: number }> = [];
      for (let i = 0; i < count; i++) {
        const start = epochNow();
        await timed('worker', url, init);
        spans.push({ start, end: epochNow() });
      }
      return spans;
    },

    probeRecords() {
      const channel = new BroadcastChannel(PROBE_CHANNEL);
      const id = crypto.randomUUID();
      return new Promise<ProbeRecords>((resolve, reject) => {
        const timer = setTimeout(() => {
          channel.close();
          reject(
            new Error(
              `no probe records within ${PROBE_TIMEOUT_MS} ms: is the worker the profiled build?`,
            ),
          );
        }, PROBE_TIMEOUT_MS);
        channel.onmessage = (event: MessageEvent<ProbeRecords & { type: string; id: string }>) => {
          if (event.data.type !== 'records' || event.data.id !== id) return;
          clearTimeout(timer);
          channel.close();
          resolve({ boot: event.data.boot, requests: event.data.requests });
        };
        channel.postMessage({ type: 'dump', id });
      });
    },

    async signOnly(signer, count) {
      if (!credentials || !smithy)
        throw new Error('signOnly needs credentials: call configure first');
      const given = credentials;
      const signer4 = smithy;
      const url = new URL(getUrl('aws4fetch'));
      const sign: Record<PageSigner, () => Promise<unknown>> = {
        // A signer per request with a shared key cache, as AwsClient and the worker do.
        aws4fetch: () =>
          new AwsV4Signer({
            ...given,
            url: url.href,
            method: 'GET',
            service: 'execute-api',
            cache: keyCache,
          }).sign(),
        smithy: () =>
          signer4.sign({
            method: 'GET',
            protocol: url.protocol,
            hostname: url.hostname,
            port: Number(url.port),
            path: url.pathname,
            query: {},
            headers: { host: url.host },
          }),
        cryptoJs: async () =>
          signCryptoJs({ ...given, method: 'GET', url: url.href, service: 'execute-api' }),
      };
      const started = performance.now();
      for (let i = 0; i < count; i++) await sign[signer]();
      return ((performance.now() - started) * 1000) / count;
    },
  };
}
