import type { ProbeRecords, ProbeSpan } from './pageHarness.ts';

type WorkerRecord = ProbeRecords['requests'][number];

/** One step of a request's path and its milliseconds; consecutive steps add up to the whole request. */
export type Phase = [name: string, ms: number];

/** A request as the page saw it, in epoch milliseconds. */
export interface PageSpan {
  start: number;
  end: number;
}

/** What a request's phases are split by: the consecutive steps, and time inside probed calls by kind. */
export interface RequestPhases {
  phases: Phase[];
  /** Milliseconds per kind of probed call (`idb get`, `crypto`, …), summed; they overlap the phases. */
  inside: Record<string, number>;
}

const sumBy = (spans: readonly ProbeSpan[]) => {
  const sums: Record<string, number> = {};
  for (const s of spans) sums[s.kind] = (sums[s.kind] ?? 0) + (s.end - s.start);
  return sums;
};

/**
 * Splits one request into consecutive phases at the moments the worker's probes saw: when the worker
 * started (`boot`, for a cold request), the fetch event, the end of its listeners, the body read, the
 * first WebCrypto call, the signed Request, the fetch, `respondWith` settling, and the page's end.
 * A moment the probes did not see (no body, no fetch for a request the worker let pass) is skipped, so
 * its time goes to the phase before.
 */
export function probePhases(
  page: PageSpan,
  record: WorkerRecord,
  boot?: ProbeRecords['boot'],
): RequestPhases {
  const of = (kind: string) => record.spans.filter((s) => s.kind === kind);
  const listenerEnd = Math.max(...of('listener').map((s) => s.end));
  const bodyEnd = of('body read').find((s) => s.start >= listenerEnd)?.end;
  const crypto = of('crypto').find((s) => s.start >= listenerEnd);
  const fetch = of('fetch')[0];
  const signed = of('new Request')
    .filter((s) => crypto && s.start >= crypto.start && (!fetch || s.end <= fetch.start))
    .at(-1);
  const marks: Array<[name: string, at: number | undefined]> = [];
  if (boot) {
    marks.push(
      ['browser starts the worker', boot.timeOrigin],
      ['script load and compile', boot.scriptStart],
      ['SDK modules evaluation', boot.sdkModules],
      ['SDK client construction (first)', boot.sdkClient?.end],
      ['script evaluation, the rest', boot.evaluated],
      ['install, activate, dispatch the fetch event', record.dispatched],
    );
  } else {
    marks.push(['page to worker: fetch event dispatch', record.dispatched]);
  }
  marks.push(
    ['fetch listeners: route matching, handler start', listenerEnd],
    ['request body read', bodyEnd],
    ['credential lookup, signer setup', crypto?.start],
    ['SigV4 signing', signed?.start],
    ['new Request (the signed one)', signed?.end],
    ['until fetch()', fetch?.start],
    ['fetch: network and API', fetch?.end],
    ['response to respondWith', record.settled],
    ['back to the page, body read', page.end],
  );
  const phases: Phase[] = [];
  let at = page.start;
  for (const [name, moment] of marks) {
    if (moment === undefined || !Number.isFinite(moment) || moment < at) continue;
    phases.push([name, moment - at]);
    at = moment;
  }
  return { phases, inside: sumBy([...(boot?.spans ?? []), ...record.spans]) };
}

/**
 * Per phase over many requests, in first-seen order, a phase a request did not have counting as 0:
 * the mean (worker clocks are coarsened to 100 µs with jitter, so only a mean resolves short steps)
 * or the median (few, long steps: cold starts).
 */
export function aggregatePhases(
  all: readonly RequestPhases[],
  by: (values: number[]) => number,
): RequestPhases {
  const names = (pick: (r: RequestPhases) => string[]) => [...new Set(all.flatMap(pick))];
  const phaseNames = names((r) => r.phases.map(([name]) => name));
  const insideNames = names((r) => Object.keys(r.inside));
  const valueOf = (r: RequestPhases, name: string) => r.phases.find(([n]) => n === name)?.[1] ?? 0;
  return {
    phases: phaseNames.map((name) => [name, by(all.map((r) => valueOf(r, name)))]),
    inside: Object.fromEntries(
      insideNames.map((name) => [name, by(all.map((r) => r.inside[name] ?? 0))]),
    ),
  };
}
