import fc from 'fast-check';
import { CORS_APP_HEADERS } from '../../../backend/index.ts';

/** One generated request, as data: the page builds the real `fetch` call from it. */
export interface FuzzCase {
  method: string;
  /** Path under the API's echo route, possibly with repeated slashes, already URL text. */
  path: string;
  /** Query string without `?`, already URL text ('' for none). */
  query: string;
  headers: [string, string][];
  body: FuzzBody;
}

/** A body of one of the types `fetch` accepts, described so it can cross into the page. */
export type FuzzBody =
  | { kind: 'none' }
  | { kind: 'string' | 'json' | 'urlSearchParams'; text: string }
  | { kind: 'arrayBuffer' | 'typedArray' | 'blob' | 'stream'; bytes: number[] }
  | { kind: 'formData'; text: string; bytes: number[] };

/** Characters that stress path and query encoding: unicode, reserved, spaces, a lone `%`. */
const TRICKY = [
  ...'aZ09-._~',
  ..." !$&'()*+,;=:@",
  ...'é✓日本😀ß',
  '%20',
  '%2F',
  '%25',
  '%41',
  '%e2%9c%93',
  '%',
  '"',
  '<>',
  '[]',
  '{}',
  '|',
  '^',
  '`',
];

/** Text built from tricky pieces. */
const trickyText = (maxLength: number) =>
  fc.array(fc.constantFrom(...TRICKY), { maxLength }).map((parts) => parts.join(''));

/** A path segment; `?`, `#` and `/` are spelled percent-encoded so they stay in the segment. */
const segment = trickyText(6);

/** `/a//b/c`: one to four segments, joined by one to three slashes. */
const path = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 3 }), segment), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.map(([slashes, text]) => '/'.repeat(slashes) + text).join(''));

/** Keys drawn from a few names, so that keys repeat. */
const key = fc.oneof(fc.constantFrom('a', 'b', 'é', 'a b', 'x+y', 'k='), trickyText(3));
/** Values with `+`, `=`, `&`, spaces and unicode, and empty ones. */
const value = fc.oneof(
  fc.constant(''),
  fc.constantFrom('+', '=', '&', '1+2', 'a=b&c', ' '),
  trickyText(5),
);

/** A query spelled three ways: by URLSearchParams, by encodeURIComponent, and raw (a `+`, a `=`). */
const query = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(key, value), { maxLength: 5 })
    .map((pairs) => new URLSearchParams(pairs).toString()),
  fc
    .array(fc.tuple(key, value, fc.boolean()), { maxLength: 5 })
    .map((pairs) =>
      pairs
        .map(([k, v, bare]) =>
          bare && v === ''
            ? encodeURIComponent(k)
            : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
        )
        .join('&'),
    ),
  fc
    .array(
      fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('1+2', 'x=y', '', 'a b', '%2B')),
      {
        maxLength: 4,
      },
    )
    .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
);

/** Header values a script may set: visible ASCII with inner runs of spaces and commas. */
const headerValue = fc
  .array(fc.constantFrom(...'az09', ' ', '  ', ',', ', ', ';', '=', '"', '/', '\t'), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

/** The app headers the API's CORS policy allows (any other is refused at the preflight), in any case. */
const headerName = fc
  .tuple(fc.constantFrom(...CORS_APP_HEADERS), fc.boolean())
  .map(([name, lower]) => (lower ? name.toLowerCase() : name));

const headers = fc.uniqueArray(fc.tuple(headerName, headerValue), {
  maxLength: 3,
  selector: ([name]) => name.toLowerCase(),
});

const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 });
const text = fc.string({ unit: 'grapheme', maxLength: 20 });

const body: fc.Arbitrary<FuzzBody> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({
    kind: fc.constantFrom('string' as const, 'json' as const, 'urlSearchParams' as const),
    text,
  }),
  fc.record({
    kind: fc.constantFrom(
      'arrayBuffer' as const,
      'typedArray' as const,
      'blob' as const,
      'stream' as const,
    ),
    bytes,
  }),
  fc.record({ kind: fc.constant('formData' as const), text, bytes }),
);

/** Any request the app could make to the API: every method, path, query, header and body type. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'patch', 'DELETE'),
    path,
    query,
    headers,
    body,
  })
  // GET and HEAD cannot carry a body (fetch throws); give them none.
  .map((c) => (['GET', 'HEAD'].includes(c.method) ? { ...c, body: { kind: 'none' as const } } : c));
