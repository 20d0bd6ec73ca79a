import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsClient, AwsV4Signer } from 'aws4fetch';
import { signCryptoJs } from './sigV4ClientCryptoJs.ts';

/** Every way of sending a GET that the latency and throughput sections compare, in table order. */
export const GET_VARIANTS = [
  'floor',
  'aws4fetch',
  'cryptoJs',
  'passThrough',
  'worker',
  'workerLean',
] as const;
/**
 * How a page request is made: unsigned to the open route (the floor), signed in the page with
 * aws4fetch or the crypto-js way, sent plain and signed by the service worker (the demo's, or one
 * with the signing layer alone), or unsigned through a worker that only passes it on.
 */
export type Variant = (typeof GET_VARIANTS)[number];

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
  /** Sends `count` GETs one after another; milliseconds of each, to the end of the body. */
  sequential(variant: Variant, count: number): Promise<number[]>;
  /** Sends `total` GETs, `concurrency` at a time; milliseconds for all of them. */
  concurrent(variant: Variant, total: number, concurrency: number): Promise<number>;
  /** Sends `count` POSTs of `bytes` bytes one after another; milliseconds of each. */
  post(variant: Variant, bytes: number, count: number): Promise<number[]>;
  /** Signs the benchmark's GET `count` times without sending it; microseconds per signature. */
  signOnly(signer: PageSigner, count: number): Promise<number>;
}

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

  const send = (variant: Variant, url: string, init: RequestInit = {}): Promise<Response> => {
    switch (variant) {
      case 'floor':
      case 'worker':
      case 'workerLean':
      case 'passThrough':
        return fetch(url, init);
      case 'aws4fetch':
        if (!client) throw new Error('aws4fetch needs credentials: call configure first');
        return client.fetch(url, init);
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

  // One fixed URL per route: Chromium caches a CORS preflight per URL, so the signed variants
  // pay it once (as an app calling the same endpoints does), not per request.
  const getUrl = (variant: Variant) => `${apiUrl}/${routeOf(variant)}/bench`;

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

    async sequential(variant, count) {
      const times: number[] = [];
      for (let i = 0; i < count; i++) times.push(await timed(variant, getUrl(variant)));
      return times;
    },

    async concurrent(variant, total, concurrency) {
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < total) {
            next++;
            await timed(variant, getUrl(variant));
          }
        }),
      );
      return performance.now() - started;
    },

    async post(variant, bytes, count) {
      let body = bodies.get(bytes);
      if (!body) {
        body = new Uint8Array(bytes);
        for (let i = 0; i < bytes; i += 65_536)
          crypto.getRandomValues(body.subarray(i, i + 65_536));
        bodies.set(bytes, body);
      }
      const url = `${apiUrl}/${routeOf(variant)}/upload`;
      const init: RequestInit = {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream' },
        body: body as Uint8Array<ArrayBuffer>,
      };
      const times: number[] = [];
      for (let i = 0; i < count; i++) times.push(await timed(variant, url, init));
      return times;
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
