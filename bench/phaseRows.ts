import type { RequestPhases } from './probePhases.ts';

/** Table rows for aggregated phases: each step, then the probed calls inside them, then the total. */
export function phaseRows(phases: RequestPhases, unit: 'ms' | 'µs'): Array<Array<string | number>> {
  const scale = unit === 'ms' ? 1 : 1000;
  const total = phases.phases.reduce((sum, [, ms]) => sum + ms, 0);
  return [
    ...phases.phases.map(([name, ms]) => [name, ms * scale, ms / total]),
    ...Object.entries(phases.inside).map(([kind, ms]) => [`  (inside: ${kind})`, ms * scale, '']),
    ['total', total * scale, 1],
  ];
}
