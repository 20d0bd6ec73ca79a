import { percentDecode } from './percentDecode.ts';

/** One received query parameter, percent-decoded. */
export type QueryPair = [key: string, value: string];

/**
 * Splits a raw query string (without `?`) into decoded pairs in received order. Repeated keys and
 * empty values are kept (`a` alone is `a=`); pairs with an empty key are dropped, as signers
 * (aws4fetch, botocore) drop them when they build the canonical query.
 */
export function parseQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = percentDecode(eq === -1 ? part : part.slice(0, eq));
    const value = eq === -1 ? '' : percentDecode(part.slice(eq + 1));
    if (key === '') continue;
    pairs.push([key, value]);
  }
  return pairs;
}

/** Groups pairs by key: `{ a: ['1', '2'], b: [''] }`. */
export function groupQuery(pairs: QueryPair[]): Record<string, string[]> {
  const grouped: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [key, value] of pairs) (grouped[key] ??= []).push(value);
  return grouped;
}
