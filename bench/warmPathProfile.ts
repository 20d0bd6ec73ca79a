import type { TimelineRequest } from './pageHarness.ts';
import { aggregatePhases } from './probePhases.ts';
import { phaseRows } from './phaseRows.ts';
import type { Section } from './Section.ts';
import type { Rig } from './startRig.ts';
import { mean } from './stats.ts';
import { workerTimeline } from './workerTimeline.ts';

/** The request kinds profiled, with how many of each (a 1 MiB POST takes far longer than a GET). */
const KINDS: Array<{ label: string; request: (rig: Rig) => TimelineRequest; count: number }> = [
  { label: 'signed GET', request: () => ({ kind: 'get' }), count: 200 },
  { label: 'signed POST 1 MiB', request: () => ({ kind: 'post', bytes: 1024 * 1024 }), count: 20 },
  { label: 'non-API GET', request: (rig) => ({ kind: 'url', url: rig.assetPath }), count: 200 },
];
/** Unmeasured requests of each kind first (JIT, connections, the derived key cache). */
const WARMUP = 20;

/** What the running demo worker spends per request, step by step, from its probes (mean per request). */
export async function warmPathProfile(
  rig: Rig,
  { scale = 1 }: { /** Fraction of the full run's request counts. */ scale?: number } = {},
): Promise<Section> {
  const rows: Array<Array<string | number>> = [];
  const data: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const request = kind.request(rig);
    await workerTimeline(rig, request, Math.max(2, Math.round(WARMUP * scale)));
    const all = await workerTimeline(rig, request, Math.max(5, Math.round(kind.count * scale)));
    const phases = aggregatePhases(all, mean);
    rows.push(...phaseRows(phases, 'µs').map((row) => [kind.label, ...row]));
    data[kind.label] = { n: all.length, mean: phases };
  }
  return {
    table: {
      title: 'Warm path: what the running demo worker spends per request (mean µs)',
      columns: ['request', 'phase', 'µs', 'share'],
      rows,
      notes: [
        'Same probes as the cold start breakdown; means, because a worker’s clock is coarsened to 100 µs (with jitter) outside cross-origin isolation.',
        '“fetch listeners” is Workbox’s routing plus the handler’s synchronous start; for the non-API GET it is route matching alone (no route matches, no respondWith).',
        '“credential lookup, signer setup” runs from the handler’s first await to the first WebCrypto call (the credentials are in memory when warm).',
      ],
    },
    data,
  };
}
