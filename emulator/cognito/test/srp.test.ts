import { describe, expect, it } from 'vitest';
import { parseSrpTimestamp } from '../parseSrpTimestamp.ts';
import { padHex } from '../srp.ts';

describe('padHex', () => {
  it.each([
    [20n, '14'],
    [56n, '38'],
    [236n, '00ec'],
    [200n, '00c8'],
    [0x1234n, '1234'],
    [0xabcn, '0abc'],
  ])('encodes %s like Java’s BigInteger.toByteArray (%s)', (value, hex) => {
    expect(padHex(value)).toBe(hex);
  });
});

describe('parseSrpTimestamp', () => {
  it('reads the format amazon-cognito-identity-js writes', () => {
    expect(parseSrpTimestamp('Thu Nov 26 02:45:04 UTC 2026')).toBe(
      Date.UTC(2026, 10, 26, 2, 45, 4),
    );
    expect(parseSrpTimestamp('Mon Jan 5 09:03:00 UTC 2026')).toBe(Date.UTC(2026, 0, 5, 9, 3, 0));
  });

  it('refuses other formats and impossible dates', () => {
    expect(parseSrpTimestamp('2026-11-26T02:45:04Z')).toBeUndefined();
    expect(parseSrpTimestamp('Fri Nov 26 02:45:04 UTC 2026')).toBeUndefined();
    expect(parseSrpTimestamp('Thu Feb 30 02:45:04 UTC 2026')).toBeUndefined();
  });
});
