import type { BenchSummary } from './BenchSummary.ts';
import type { Table } from './printTable.ts';

/** What each benchmark hands back: its table for the terminal and its raw figures for the JSON. */
export interface Section {
  table: Table;
  data: Record<string, unknown>;
  /** Its figures among the run's summary keys, if any. */
  summary?: Partial<BenchSummary>;
}
