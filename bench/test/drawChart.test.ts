import { describe, expect, it } from 'vitest';
import { drawChart } from '../drawChart.ts';

const series = (name: string, from: number) => ({
  name,
  values: Array.from({ length: 100 }, (_, i) => from + i / 10),
});

describe('drawChart', () => {
  it('draws one box per series, labelled with its name and median', () => {
    const svg = drawChart('Bench', 'machine', [
      { title: 'Latency', series: [series('worker', 1), series('aws4fetch', 2)] },
      { title: 'Cold start', series: [series('cold', 30.05)] },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(3);
    expect(svg).toContain('>worker</text>');
    expect(svg).toContain('p50 5.95 ms (n=100)');
    expect(svg).toContain('p50 35.0 ms (n=100)');
  });

  it('escapes names and leaves out a series without values', () => {
    const svg = drawChart('A & B', '<x>', [
      { title: 'P', series: [series('a<b', 1), { name: 'empty', values: [] }] },
    ]);
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('&lt;x&gt;');
    expect(svg).toContain('>a&lt;b</text>');
    expect(svg).not.toContain('empty');
  });

  it('keeps every box inside the plot, however far the values run', () => {
    const svg = drawChart('t', 's', [{ title: 'P', series: [series('a', 0), series('b', 1000)] }]);
    const xs = [...svg.matchAll(/ x[12]?="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...xs)).toBeLessThanOrEqual(860);
  });
});
