import { stopServiceWorkers } from '../e2e/support/stopServiceWorkers.ts';
import type { HarnessWindow, ProbeRecords, TimelineRequest } from './pageHarness.ts';
import { probePhases, type RequestPhases } from './probePhases.ts';
import type { Rig } from './startRig.ts';

/**
 * Sends `count` requests through the profiled worker one at a time and splits each into phases with
 * the worker's probe records; `cold` stops the worker first, so the first request starts it.
 */
export async function workerTimeline(
  rig: Rig,
  request: TimelineRequest,
  count: number,
  { cold = false }: { cold?: boolean } = {},
): Promise<RequestPhases[]> {
  const page = rig.profiledPage;
  const records = () =>
    page.evaluate(() => (window as unknown as HarnessWindow).bench.probeRecords());
  // Drop what earlier requests left, so the records line up with this batch.
  if (!cold) await records();
  else await stopServiceWorkers(page);
  const spans = await page.evaluate(
    ([r, n]) => (window as unknown as HarnessWindow).bench.timeline(r, n),
    [request, count] as const,
  );
  const { boot, requests }: ProbeRecords = await records();
  // The page's own requests only (a cold worker may also see others, e.g. a navigation preload).
  const url = requests.at(-1)?.url;
  const mine = requests.filter((r) => r.url === url);
  if (mine.length !== spans.length) {
    throw new Error(`the probes saw ${mine.length} of ${spans.length} requests to ${url}`);
  }
  return spans.map((span, i) => probePhases(span, mine[i]!, cold && i === 0 ? boot : undefined));
}
