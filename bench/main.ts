import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { completeSummary } from './BenchSummary.ts';
import { bodies } from './bodies.ts';
import { burst } from './burst.ts';
import { coldStart } from './coldStart.ts';
import { coldStartBreakdown } from './coldStartBreakdown.ts';
import { latency } from './latency.ts';
import { currentMachine, describeMachine } from './Machine.ts';
import { nodeSigning } from './nodeSigning.ts';
import { nonApi } from './nonApi.ts';
import { pageSigning } from './pageSigning.ts';
import { printTable } from './printTable.ts';
import { resultsChart } from './resultsChart.ts';
import type { Section } from './Section.ts';
import { sizes } from './sizes.ts';
import { startRig } from './startRig.ts';
import { throughput } from './throughput.ts';
import { warmPathProfile } from './warmPathProfile.ts';

/** A typical browser-to-API Gateway round trip, which the emulator adds to every answer for one run. */
const ROUND_TRIP_MS = 30;
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/**
 * How much each section runs. Budgets are seconds a section may start new rounds for (rounds stop
 * early, never midway), so the full run stays under ~6 minutes on a busy 2-core machine; the quick
 * run (`--quick`) keeps every figure of the summary, from few rounds, in under a minute.
 */
const PLANS = {
  full: {
    signers: true,
    budget: {
      nodeSigning: 25,
      pageSigning: 15,
      latency: 60,
      latencyRoundTrip: 40,
      latencyDistinctUrls: 40,
      latencyPut: 20,
      nonApi: 30,
      throughput: 45,
      throughputRoundTrip: 30,
      bodies: 100,
      coldStart: 30,
      coldStartBreakdown: 20,
    },
    latency: {},
    latencyRoundTrip: { requests: 100, perRound: 10, warmup: 5 },
    latencyDistinctUrls: { requests: 100, perRound: 10, warmup: 5 },
    latencyPut: { requests: 100, perRound: 10, warmup: 5 },
    nonApi: {},
    throughput: {},
    throughputRoundTrip: { requests: 400, perRound: 100, warmup: 32 },
    bodies: {},
    coldStart: {},
    coldStartBreakdown: {},
    warmPathProfile: {},
  },
  quick: {
    signers: false,
    budget: {
      nodeSigning: 0,
      pageSigning: 0,
      latency: 6,
      latencyRoundTrip: 4,
      latencyDistinctUrls: 4,
      latencyPut: 3,
      nonApi: 4,
      throughput: 5,
      throughputRoundTrip: 5,
      bodies: 8,
      coldStart: 4,
      coldStartBreakdown: 3,
    },
    latency: { requests: 60, perRound: 10, warmup: 10 },
    latencyRoundTrip: { requests: 20, perRound: 5, warmup: 2 },
    latencyDistinctUrls: { requests: 20, perRound: 5, warmup: 2 },
    latencyPut: { requests: 20, perRound: 5, warmup: 2 },
    nonApi: { perRound: 10, rounds: 4, warmup: 5 },
    throughput: { requests: 200, perRound: 100, warmup: 16 },
    throughputRoundTrip: { requests: 100, perRound: 50, warmup: 16 },
    bodies: { minRounds: 1, summaryOnly: true },
    coldStart: { rounds: 3 },
    coldStartBreakdown: { rounds: 2 },
    warmPathProfile: { scale: 0.1 },
  },
};

const deadline = (seconds: number) => Date.now() + seconds * 1000;

async function run(quick: boolean): Promise<void> {
  const plan = quick ? PLANS.quick : PLANS.full;
  const { budget } = plan;
  const started = Date.now();
  const sections: Array<Section & { seconds: number }> = [];
  let lap = Date.now();
  const secondsSinceLap = () => {
    const seconds = (Date.now() - lap) / 1000;
    lap = Date.now();
    return seconds;
  };
  const show = (section: Section) => {
    const seconds = secondsSinceLap();
    sections.push({ ...section, seconds });
    console.log(`${printTable(section.table)}  (${seconds.toFixed(1)} s)\n`);
    return section;
  };
  if (plan.signers) {
    console.log('Running in-Node signing…');
    show(await nodeSigning(deadline(budget.nodeSigning)));
  }
  console.log('Building the app, starting the emulator and Chromium…');
  const rig = await startRig();
  console.log(`Ready in ${secondsSinceLap().toFixed(1)} s.`);
  const browserVersion = rig.browser.version();
  const { settings } = rig.stack.emulator.state;
  const withRoundTrip = async <T>(work: () => Promise<T>): Promise<T> => {
    settings.apiLatencyMs = ROUND_TRIP_MS;
    try {
      return await work();
    } finally {
      settings.apiLatencyMs = 0;
    }
  };
  let chartSections;
  try {
    show(await sizes(rig, { compare: plan.signers }));
    if (plan.signers) show(await pageSigning(rig, deadline(budget.pageSigning)));
    const loopback = show(await latency(rig, deadline(budget.latency), plan.latency));
    const roundTrip = show(
      await withRoundTrip(() =>
        latency(rig, deadline(budget.latencyRoundTrip), {
          ...plan.latencyRoundTrip,
          roundTripMs: ROUND_TRIP_MS,
        }),
      ),
    );
    const distinctUrls = show(
      await withRoundTrip(() =>
        latency(rig, deadline(budget.latencyDistinctUrls), {
          ...plan.latencyDistinctUrls,
          roundTripMs: ROUND_TRIP_MS,
          scenario: 'distinctUrls',
        }),
      ),
    );
    show(
      await withRoundTrip(() =>
        latency(rig, deadline(budget.latencyPut), {
          ...plan.latencyPut,
          roundTripMs: ROUND_TRIP_MS,
          scenario: 'put',
        }),
      ),
    );
    show(await nonApi(rig, deadline(budget.nonApi), plan.nonApi));
    show(await throughput(rig, deadline(budget.throughput), plan.throughput));
    show(
      await withRoundTrip(() =>
        throughput(rig, deadline(budget.throughputRoundTrip), {
          ...plan.throughputRoundTrip,
          roundTripMs: ROUND_TRIP_MS,
        }),
      ),
    );
    show(await bodies(rig, deadline(budget.bodies), plan.bodies));
    const cold = show(await coldStart(rig, deadline(budget.coldStart), plan.coldStart));
    show(
      await coldStartBreakdown(rig, deadline(budget.coldStartBreakdown), plan.coldStartBreakdown),
    );
    show(await warmPathProfile(rig, plan.warmPathProfile));
    // Last: it signs the worker out and expires every credential the emulator issued.
    show(await burst(rig));
    chartSections = { loopback, roundTrip, distinctUrls, cold };
  } finally {
    await rig.close();
  }
  const machine = currentMachine(browserVersion);
  const seconds = (Date.now() - started) / 1000;
  const machineLine = describeMachine(machine);
  console.log(
    `Machine: ${machineLine}; run took ${seconds.toFixed(0)} s${quick ? ' (quick)' : ''}.`,
  );
  const summary = completeSummary(sections.map((s) => s.summary ?? {}));
  console.log(
    printTable({ title: 'Summary', columns: ['figure', 'value'], rows: Object.entries(summary) }),
  );
  await mkdir(RESULTS_DIR, { recursive: true });
  const base = `${RESULTS_DIR}bench-${new Date().toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}`;
  const results = {
    summary,
    machine,
    quick,
    seconds,
    sections: sections.map((s) => ({
      title: s.table.title,
      seconds: s.seconds,
      table: s.table,
      data: s.data,
    })),
  };
  await writeFile(`${base}.json`, JSON.stringify(results, null, 2));
  await writeFile(
    `${base}.svg`,
    resultsChart(chartSections, `${machineLine}${quick ? '; quick run' : ''}`),
  );
  console.log(`Results written to ${base}.json, chart to ${base}.svg`);
}

run(process.argv.includes('--quick')).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
