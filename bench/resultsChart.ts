import { drawChart, type ChartSeries } from './drawChart.ts';
import type { Section } from './Section.ts';

/** A section as the chart reads it, from a run or from a results file. */
type Charted = Pick<Section, 'table' | 'data'>;

/** The sections the chart draws from. */
export interface ChartSections {
  loopback: Charted;
  roundTrip: Charted;
  /** Absent from results files written before issue 15. */
  distinctUrls?: Charted;
  cold: Charted;
}

/** Each series of a section's `data.rounds` (per-round arrays or numbers), pooled over rounds. */
function seriesOf(section: Charted): ChartSeries[] {
  const rounds = section.data.rounds as Record<string, Array<number[] | number>> | undefined;
  if (!rounds) throw new Error(`section "${section.table.title}" has no rounds to draw`);
  return Object.entries(rounds).map(([name, values]) => ({ name, values: values.flat() }));
}

/**
 * The run's chart: GET latency per variant at loopback and at a real round trip (one URL, and a new
 * URL each), and cold against warm and against a cold pass-through.
 */
export function resultsChart(sections: ChartSections | undefined, subtitle: string): string {
  if (!sections) throw new Error('the run ended before the charted sections');
  const roundTripMs = sections.roundTrip.data.roundTripMs as number;
  return drawChart('sigv4-service-worker: what a request costs, per way of signing', subtitle, [
    { title: 'Small GETs one at a time, loopback', series: seriesOf(sections.loopback) },
    {
      title: `Small GETs of one URL one at a time, the API answering after ${roundTripMs} ms`,
      series: seriesOf(sections.roundTrip),
    },
    ...(sections.distinctUrls
      ? [
          {
            title: `Small GETs of a new URL each, one at a time, the API answering after ${roundTripMs} ms`,
            series: seriesOf(sections.distinctUrls),
          },
        ]
      : []),
    {
      title:
        'First signed GET: demo worker running (warm), stopped (cold); forward-only worker stopped',
      series: seriesOf(sections.cold),
    },
  ]);
}
