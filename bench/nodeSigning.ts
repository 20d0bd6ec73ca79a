import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsV4Signer } from 'aws4fetch';
import type { Section } from './Section.ts';
import { signCryptoJs } from './sigV4ClientCryptoJs.ts';
import { interleave, median, medianRatio } from './stats.ts';

/** Signatures per variant per round, and rounds: enough to reach a steady state per round. */
const PER_ROUND = 300;
const ROUNDS = 15;
const VARIANTS = ['aws4fetch', 'smithy', 'cryptoJs'] as const;
type Signer = (typeof VARIANTS)[number];

const CREDENTIALS = {
  accessKeyId: 'ASIABENCHMARK0000001',
  secretAccessKey: 'benchmarkSecretAccessKey0000000000000000',
  sessionToken: 'benchmark-session-token-'.repeat(30),
};
const REGION = 'us-east-1';
const SERVICE = 'execute-api';
const HOST = 'abc123.execute-api.us-east-1.amazonaws.com';

interface Shape {
  name: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body?: string;
}

const SHAPES: Shape[] = [
  {
    name: 'GET with a query',
    method: 'GET',
    path: '/dev/notes',
    query: { limit: '20', after: 'abc' },
  },
  {
    name: 'POST 1 KiB JSON',
    method: 'POST',
    path: '/dev/notes',
    query: {},
    body: JSON.stringify({ text: 'x'.repeat(1010) }),
  },
];

/** One signing function per library, each used as its docs suggest (one signer or client kept). */
function signers(shape: Shape): Record<Signer, () => Promise<unknown>> {
  const url = `https://${HOST}${shape.path}?${new URLSearchParams(shape.query)}`;
  const keyCache = new Map<string, ArrayBuffer>();
  const smithy = new SignatureV4({
    credentials: CREDENTIALS,
    region: REGION,
    service: SERVICE,
    sha256: Sha256,
  });
  return {
    // A signer per request with a shared key cache, as the worker does.
    aws4fetch: () =>
      new AwsV4Signer({
        ...CREDENTIALS,
        method: shape.method,
        url,
        body: shape.body,
        region: REGION,
        service: SERVICE,
        cache: keyCache,
      }).sign(),
    smithy: () =>
      smithy.sign({
        method: shape.method,
        protocol: 'https:',
        hostname: HOST,
        path: shape.path,
        query: shape.query,
        headers: { host: HOST },
        body: shape.body,
      }),
    cryptoJs: async () =>
      signCryptoJs({
        ...CREDENTIALS,
        method: shape.method,
        url,
        body: shape.body,
        region: REGION,
        service: SERVICE,
      }),
  };
}

/** Signing cost per request in Node for the three in-page signers, interleaved, against aws4fetch. */
export async function nodeSigning(deadline: number): Promise<Section> {
  const rows: Array<Array<string | number>> = [];
  const data: Record<string, unknown> = {};
  for (const [index, shape] of SHAPES.entries()) {
    const sign = signers(shape);
    const share = Date.now() + (deadline - Date.now()) / (SHAPES.length - index);
    const batch = async (variant: Signer, count: number) => {
      const started = performance.now();
      for (let i = 0; i < count; i++) await sign[variant]();
      return ((performance.now() - started) * 1000) / count;
    };
    await interleave(VARIANTS, 2, (variant) => batch(variant, PER_ROUND));
    const rounds = await interleave(VARIANTS, ROUNDS, (variant) => batch(variant, PER_ROUND), {
      deadline: share,
    });
    for (const v of VARIANTS) {
      rows.push([
        shape.name,
        v,
        rounds[v].length * PER_ROUND,
        median(rounds[v]),
        medianRatio(rounds[v], rounds.aws4fetch),
      ]);
    }
    data[shape.name] = { microsecondsPerSignatureByRound: rounds };
  }
  return {
    table: {
      title: `Signing in Node ${process.version}: cost per request (${ROUNDS} rounds × ${PER_ROUND})`,
      columns: ['request', 'signer', 'n', 'µs/signature', '÷aws4fetch'],
      rows,
      notes: [
        'aws4fetch: WebCrypto, derived key cached; smithy: @smithy/signature-v4 with @aws-crypto/sha256-js (pure JS), key cached by the signer; cryptoJs: the sigV4Client.js way, HMAC chain every time.',
        'In Node every WebCrypto digest/HMAC is an async job on the libuv pool, which is what makes aws4fetch slow here; the page table shows Chromium.',
      ],
    },
    data,
  };
}
