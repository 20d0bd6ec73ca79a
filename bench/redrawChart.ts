// Draws the chart of a results file again (e.g. into bench/chart.svg for the README):
//   npx tsx bench/redrawChart.ts bench/results/bench-….json bench/chart.svg
import { readFile, writeFile } from 'node:fs/promises';
import { describeMachine, type Machine } from './Machine.ts';
import type { Table } from './printTable.ts';
import { resultsChart } from './resultsChart.ts';

interface ResultsFile {
  quick: boolean;
  machine: Machine;
  sections: Array<{ title: string; table: Table; data: Record<string, unknown> }>;
}

const [from, to] = process.argv.slice(2);
if (!from || !to) throw new Error('usage: tsx bench/redrawChart.ts <results.json> <chart.svg>');
const results = JSON.parse(await readFile(from, 'utf8')) as ResultsFile;
const lookUp = (prefix: string, part = '') =>
  results.sections.find((s) => s.title.startsWith(prefix) && s.title.includes(part));
const find = (prefix: string, part = '') => {
  const section = lookUp(prefix, part);
  if (!section) throw new Error(`${from} has no section "${prefix}…${part}…"`);
  return section;
};
const subtitle = `${describeMachine(results.machine)}${results.quick ? '; quick run' : ''}`;
await writeFile(
  to,
  resultsChart(
    {
      loopback: find('Latency:'),
      roundTrip: find('Latency with'),
      // Files from before issue 15 have no distinct-URL section.
      distinctUrls: lookUp('Latency with', 'a new URL each'),
      cold: find('Cold start: first'),
    },
    subtitle,
  ),
);
