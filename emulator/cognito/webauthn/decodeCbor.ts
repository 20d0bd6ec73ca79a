import { WebAuthnVerificationError } from './WebAuthnVerificationError.ts';

/** A decoded CBOR item: the subset WebAuthn's attestation objects and COSE keys use, plus floats. */
export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | CborValue[]
  | Map<CborKey, CborValue>;

/** Map keys this decoder accepts: COSE keys use integers, attestation objects text. */
export type CborKey = number | string;

/** Deepest nesting accepted; COSE keys and attestation objects nest three levels at most. */
const MAX_DEPTH = 16;

function malformed(message: string): WebAuthnVerificationError {
  return new WebAuthnVerificationError('malformed', `CBOR: ${message}`);
}

class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public offset: number,
  ) {}

  take(length: number): Uint8Array {
    if (length > this.bytes.length - this.offset) throw malformed('data ends early');
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  uint(length: number): number | bigint {
    const slice = this.take(length);
    let value = 0n;
    for (const byte of slice) value = (value << 8n) | BigInt(byte);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
}

function halfFloat(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function readArgument(reader: Reader, info: number): number | bigint {
  if (info < 24) return info;
  if (info === 24) return reader.uint(1);
  if (info === 25) return reader.uint(2);
  if (info === 26) return reader.uint(4);
  if (info === 27) return reader.uint(8);
  // 31 is indefinite length, which CTAP2's canonical encoding forbids; 28-30 are reserved.
  throw malformed(`unsupported additional information ${info}`);
}

function readLength(reader: Reader, info: number): number {
  const length = readArgument(reader, info);
  if (typeof length === 'bigint' || length > reader.bytes.length)
    throw malformed('length too large');
  return length;
}

function readSimple(reader: Reader, info: number): CborValue {
  if (info === 20) return false;
  if (info === 21) return true;
  if (info === 22) return null;
  if (info === 23) return undefined;
  if (info === 25) return halfFloat(Number(reader.uint(2)));
  if (info === 26) return Buffer.from(reader.take(4)).readFloatBE(0);
  if (info === 27) return Buffer.from(reader.take(8)).readDoubleBE(0);
  throw malformed(`unsupported simple value ${info}`);
}

function readItem(reader: Reader, depth: number): CborValue {
  if (depth > MAX_DEPTH) throw malformed('nested too deeply');
  const initial = reader.take(1)[0] ?? 0;
  const major = initial >> 5;
  const info = initial & 0x1f;
  switch (major) {
    case 0:
      return readArgument(reader, info);
    case 1: {
      const n = readArgument(reader, info);
      const value = -1n - BigInt(n);
      return value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
    }
    case 2:
      return Uint8Array.from(reader.take(readLength(reader, info)));
    case 3: {
      const bytes = reader.take(readLength(reader, info));
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch (error) {
        throw new WebAuthnVerificationError('malformed', 'CBOR: text string is not UTF-8', {
          cause: error,
        });
      }
    }
    case 4: {
      const length = readLength(reader, info);
      const items: CborValue[] = [];
      for (let i = 0; i < length; i++) items.push(readItem(reader, depth + 1));
      return items;
    }
    case 5: {
      const length = readLength(reader, info);
      const map = new Map<CborKey, CborValue>();
      for (let i = 0; i < length; i++) {
        const key = readItem(reader, depth + 1);
        if (typeof key !== 'number' && typeof key !== 'string') {
          throw malformed('map keys must be integers or text');
        }
        if (map.has(key)) throw malformed(`duplicate map key ${String(key)}`);
        map.set(key, readItem(reader, depth + 1));
      }
      return map;
    }
    case 6:
      throw malformed('tags are not supported');
    default:
      return readSimple(reader, info);
  }
}

/** Decodes one CBOR item starting at `offset`, returning it and the offset just past it. */
export function decodeCborPrefix(bytes: Uint8Array, offset = 0): { value: CborValue; end: number } {
  const reader = new Reader(bytes, offset);
  const value = readItem(reader, 0);
  return { value, end: reader.offset };
}

/** Decodes bytes that hold exactly one CBOR item. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const { value, end } = decodeCborPrefix(bytes);
  if (end !== bytes.length) throw malformed(`${bytes.length - end} bytes after the item`);
  return value;
}
