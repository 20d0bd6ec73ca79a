/** One section of the report: a titled table and the notes that explain it. */
export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  notes?: string[];
}

/** How many significant decimals a figure gets: ratios to 2, milliseconds to 1 or 2. */
export function formatFigure(value: string | number): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

/** Renders a table as aligned plain text: text columns left, figures right. */
export function printTable(table: Table): string {
  const cells = [table.columns, ...table.rows.map((row) => row.map(formatFigure))];
  const widths = table.columns.map((_, c) =>
    Math.max(...cells.map((row) => (row[c] ?? '').length)),
  );
  const numeric = table.columns.map((_, c) =>
    table.rows.every((row) => typeof row[c] === 'number'),
  );
  const line = (row: string[]) =>
    row
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    `## ${table.title}`,
    line(cells[0]!),
    rule,
    ...cells.slice(1).map(line),
    ...(table.notes ?? []).map((note) => `  * ${note}`),
    '',
  ].join('\n');
}

/** A figure against its target: the value and whether it was met. */
export function formatVerdict(value: number, bound: number, kind: 'max' | 'min'): string {
  const met = kind === 'max' ? value <= bound : value >= bound;
  return `${value.toFixed(2)} (${met ? 'met' : 'MISSED'})`;
}
