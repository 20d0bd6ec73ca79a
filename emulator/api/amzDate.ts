/** Formats epoch milliseconds as SigV4's ISO 8601 basic form, `20261126T021500Z`. */
export function formatAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** Parses `yyyyMMddTHHmmssZ` strictly; undefined when it is not a real date in that form. */
export function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, ...number[]];
  const ms = Date.UTC(y!, mo! - 1, d, h, mi, s);
  // Date.UTC rolls 20261131 over to December; a real date formats back to itself.
  return formatAmzDate(ms) === value ? ms : undefined;
}
