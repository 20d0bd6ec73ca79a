import { percentile } from './stats.ts';

/** One distribution to draw: a variant's timings in milliseconds. */
export interface ChartSeries {
  name: string;
  values: readonly number[];
}

/** A panel of the chart: box plots of its series on one shared axis. */
export interface ChartPanel {
  title: string;
  series: readonly ChartSeries[];
}

/** Width of the whole chart and of the label column, in SVG user units (pixels at 100 %). */
const WIDTH = 860;
const LABEL_WIDTH = 150;
/** Room right of the plot for each box's median label. */
const RIGHT_MARGIN = 170;
const ROW_HEIGHT = 26;
const PANEL_TITLE_HEIGHT = 34;
const AXIS_HEIGHT = 34;
/** One colour per series name, in the order names first appear, so a variant keeps its colour. */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#9c755f',
  '#ff9da7',
  '#86bcb6',
];
const FONT = 'font-family="system-ui, sans-serif"';

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** About five round ticks from 0 to at least `max`. */
function ticks(max: number): number[] {
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const count = Math.ceil(max / step);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
/** Ticks are round numbers: no trailing zeros. */
const fmtTick = (ms: number) => String(Number(ms.toPrecision(6)));

/**
 * Draws box plots (box: p25–p75, line: median, whiskers: p5–p95) of each panel's series as a
 * standalone SVG, with the median written beside each box; one x axis in milliseconds per panel.
 */
export function drawChart(title: string, subtitle: string, panels: readonly ChartPanel[]): string {
  const colours = new Map<string, string>();
  const colourOf = (name: string) => {
    if (!colours.has(name)) colours.set(name, PALETTE[colours.size % PALETTE.length]!);
    return colours.get(name)!;
  };
  const plotWidth = WIDTH - LABEL_WIDTH - RIGHT_MARGIN;
  const parts: string[] = [];
  let y = 56;
  parts.push(
    `<text x="16" y="26" ${FONT} font-size="17" font-weight="600">${escapeXml(title)}</text>`,
    `<text x="16" y="44" ${FONT} font-size="12" fill="#555">${escapeXml(subtitle)}</text>`,
  );
  for (const panel of panels) {
    const drawn = panel.series.filter((s) => s.values.length > 0);
    const max = Math.max(...drawn.map((s) => percentile(s.values, 95)), 0.001);
    const axis = ticks(max);
    const top = axis.at(-1)!;
    const x = (ms: number) => LABEL_WIDTH + (Math.min(ms, top) / top) * plotWidth;
    parts.push(
      `<text x="16" y="${y + 22}" ${FONT} font-size="14" font-weight="600">${escapeXml(panel.title)}</text>`,
    );
    y += PANEL_TITLE_HEIGHT;
    const plotTop = y;
    for (const series of drawn) {
      const [p5, p25, p50, p75, p95] = [5, 25, 50, 75, 95].map((p) => percentile(series.values, p));
      const mid = y + ROW_HEIGHT / 2;
      const colour = colourOf(series.name);
      parts.push(
        `<text x="${LABEL_WIDTH - 10}" y="${mid + 4}" ${FONT} font-size="12" text-anchor="end">${escapeXml(series.name)}</text>`,
        `<line x1="${x(p5!)}" y1="${mid}" x2="${x(p95!)}" y2="${mid}" stroke="${colour}" stroke-width="1.5"/>`,
        `<line x1="${x(p5!)}" y1="${mid - 5}" x2="${x(p5!)}" y2="${mid + 5}" stroke="${colour}" stroke-width="1.5"/>`,
        `<line x1="${x(p95!)}" y1="${mid - 5}" x2="${x(p95!)}" y2="${mid + 5}" stroke="${colour}" stroke-width="1.5"/>`,
        `<rect x="${x(p25!)}" y="${mid - 8}" width="${Math.max(x(p75!) - x(p25!), 1)}" height="16" fill="${colour}" fill-opacity="0.35" stroke="${colour}"/>`,
        `<line x1="${x(p50!)}" y1="${mid - 9}" x2="${x(p50!)}" y2="${mid + 9}" stroke="#222" stroke-width="2"/>`,
        `<text x="${LABEL_WIDTH + plotWidth + 12}" y="${mid + 4}" ${FONT} font-size="11" fill="#333">p50 ${fmt(p50!)} ms (n=${series.values.length})</text>`,
      );
      y += ROW_HEIGHT;
    }
    for (const tick of axis) {
      parts.push(
        `<line x1="${x(tick)}" y1="${plotTop}" x2="${x(tick)}" y2="${y + 4}" stroke="#000" stroke-opacity="0.12"/>`,
        `<text x="${x(tick)}" y="${y + 18}" ${FONT} font-size="11" fill="#555" text-anchor="middle">${fmtTick(tick)}</text>`,
      );
    }
    parts.push(
      `<text x="${LABEL_WIDTH + plotWidth}" y="${y + 30}" ${FONT} font-size="11" fill="#555" text-anchor="end">ms</text>`,
    );
    y += AXIS_HEIGHT + 8;
  }
  parts.push(
    `<text x="16" y="${y + 4}" ${FONT} font-size="11" fill="#555">Box: 25th–75th percentile; bar: median; whiskers: 5th–95th percentile.</text>`,
  );
  const height = y + 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
