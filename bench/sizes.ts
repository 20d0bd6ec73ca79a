import { gzipSync } from 'node:zlib';
import { buildLibrary } from './buildLibrary.ts';
import type { Section } from './Section.ts';
import type { Rig } from './startRig.ts';

/** What a page ships to sign (or have signed) its API calls, bundled and minified on its own. */
const PAGE_BUNDLES = [
  { name: 'page client (app/client, this project)', entry: 'app/client/index.ts' },
  { name: 'in-page aws4fetch (AwsClient)', entry: 'bench/entries/aws4fetch.ts' },
  { name: 'in-page sigV4Client way (crypto-js)', entry: 'bench/entries/cryptoJs.ts' },
  { name: 'in-page @smithy/signature-v4 + sha256-js', entry: 'bench/entries/smithy.ts' },
  {
    name: '(inside sw.js) @aws-sdk/client-cognito-identity',
    entry: 'bench/entries/cognitoIdentitySdk.ts',
  },
];

/** The package's entry points, each bundled alone with its dependencies: what a consumer pays. */
const PACKAGE_ENTRIES = [
  { name: 'entry sigv4-service-worker/sw', entry: 'sw/signing/index.ts' },
  { name: 'entry sigv4-service-worker/client', entry: 'app/client/index.ts' },
  { name: 'entry sigv4-service-worker/auth', entry: 'app/client/auth/index.ts' },
  { name: 'entry sigv4-service-worker/auth/user-auth', entry: 'app/client/userAuth/index.ts' },
  { name: 'entry sigv4-service-worker/auth/oidc', entry: 'app/client/oidc/index.ts' },
  { name: 'entry sigv4-service-worker/offline', entry: 'sw/offline/index.ts' },
  { name: 'entry sigv4-service-worker/offline/client', entry: 'sw/offline/client/index.ts' },
];

function row(name: string, code: string): [string, number, number] {
  return [name, Buffer.byteLength(code), gzipSync(code).length];
}

async function workerScript(appUrl: string): Promise<string> {
  const response = await fetch(`${appUrl}/sw.js`);
  if (!response.ok) throw new Error(`GET ${appUrl}/sw.js: ${response.status}`);
  return response.text();
}

/** Bytes, minified and gzipped, of the workers as built for the app and of each page-side bundle. */
export async function sizes(
  rig: Rig,
  {
    compare = true,
  }: {
    /** Build the other ways of signing in the page too; a quick run skips them. */ compare?: boolean;
  } = {},
): Promise<Section> {
  const rows: Array<[string, number, number]> = [
    row('sw.js (demo worker: signing + offline)', await workerScript(rig.stack.appUrl)),
    row('sw.js (signing layer alone, bench build)', await workerScript(rig.leanAppUrl)),
  ];
  for (const bundle of compare ? PAGE_BUNDLES : PAGE_BUNDLES.slice(0, 1)) {
    rows.push(row(bundle.name, (await buildLibrary(bundle.entry, 'es')).code));
  }
  for (const bundle of PACKAGE_ENTRIES) {
    rows.push(row(bundle.name, (await buildLibrary(bundle.entry, 'es')).code));
  }
  const client = rows[2]![2];
  return {
    table: {
      title: 'Sizes (bytes): minified, and gzipped with node:zlib',
      columns: ['bundle', 'minified', 'gzip', 'gzip÷page client'],
      rows: rows.map(([name, min, gz]) => [name, min, gz, gz / client]),
      notes: [
        'sw.js is the build startStack made (Vite, minified); the others are Vite library builds (ES, minified).',
        'The page client registers the worker and hands it tokens; the Cognito login helpers are not in it.',
        'Each package entry keeps all its exports (a consumer importing less pays less); entries share code, so using several costs less than the sum.',
        'Amplify is not measured: it is not a dependency of this project.',
      ],
    },
    data: Object.fromEntries(rows.map(([name, min, gz]) => [name, { minified: min, gzip: gz }])),
    summary: { swGzipBytes: rows[0]![2], pageClientGzipBytes: client },
  };
}
