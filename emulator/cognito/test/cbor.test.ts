import { describe, expect, it } from 'vitest';
import { decodeCbor, decodeCborPrefix } from '../webauthn/index.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

// RFC 8949 Appendix A, the examples within what WebAuthn needs (no tags, no indefinite lengths).
const VECTORS: [string, unknown][] = [
  ['00', 0],
  ['01', 1],
  ['0a', 10],
  ['17', 23],
  ['1818', 24],
  ['1819', 25],
  ['1864', 100],
  ['1903e8', 1000],
  ['1a000f4240', 1000000],
  ['1b000000e8d4a51000', 1000000000000],
  ['1bffffffffffffffff', 18446744073709551615n],
  ['3bffffffffffffffff', -18446744073709551616n],
  ['20', -1],
  ['29', -10],
  ['3863', -100],
  ['3903e7', -1000],
  ['f90000', 0],
  ['f93c00', 1],
  ['f93e00', 1.5],
  ['f97bff', 65504],
  ['fa47c35000', 100000],
  ['fb3ff199999999999a', 1.1],
  ['f90001', 5.960464477539063e-8],
  ['f9c400', -4],
  ['f97c00', Infinity],
  ['f9fc00', -Infinity],
  ['f4', false],
  ['f5', true],
  ['f6', null],
  ['f7', undefined],
  ['40', new Uint8Array([])],
  ['4401020304', new Uint8Array([1, 2, 3, 4])],
  ['60', ''],
  ['6161', 'a'],
  ['6449455446', 'IETF'],
  ['62225c', '"\\'],
  ['62c3bc', '\u00fc'],
  ['63e6b0b4', '\u6c34'],
  ['64f0908591', '\u{10151}'],
  ['80', []],
  ['83010203', [1, 2, 3]],
  ['8301820203820405', [1, [2, 3], [4, 5]]],
  [
    '98190102030405060708090a0b0c0d0e0f101112131415161718181819',
    Array.from({ length: 25 }, (_, i) => i + 1),
  ],
  ['a0', new Map()],
  [
    'a201020304',
    new Map([
      [1, 2],
      [3, 4],
    ]),
  ],
  [
    'a26161016162820203',
    new Map<string, unknown>([
      ['a', 1],
      ['b', [2, 3]],
    ]),
  ],
  ['826161a161626163', ['a', new Map([['b', 'c']])]],
  [
    'a56161614161626142616361436164614461656145',
    new Map(['a', 'b', 'c', 'd', 'e'].map((k) => [k, k.toUpperCase()])),
  ],
];

describe('CBOR decoder', () => {
  it.each(VECTORS)('decodes RFC 8949 Appendix A example %s', (bytes, expected) => {
    expect(decodeCbor(hex(bytes))).toEqual(expected);
  });

  it('decodes NaN as a half float', () => {
    expect(decodeCbor(hex('f97e00'))).toBeNaN();
  });

  it('reports where an item ends so the bytes after it can be read', () => {
    expect(decodeCborPrefix(hex('1864ff'), 0)).toEqual({ value: 100, end: 2 });
  });

  it.each([
    ['bytes left after the item', '0000'],
    ['a byte string that ends early', '4401'],
    ['an indefinite-length array', '9f01ff'],
    ['a tag', 'c11a514b67b0'],
    ['a map with a duplicate key', 'a201020103'],
    ['a map with an array as key', 'a18001'],
    ['a text string that is not UTF-8', '61ff'],
    ['an empty input', ''],
  ])('refuses %s', (_, bytes) => {
    expect(() => decodeCbor(hex(bytes))).toThrow(expect.objectContaining({ code: 'malformed' }));
  });
});
