import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { bodies } from './bodies.ts';
import { burst } from './burst.ts';
import { coldStart } from './coldStart.ts';
import { latency } from './latency.ts';
import { nodeSigning } from './nodeSigning.ts';
import { pageSigning } from './pageSigning.ts';
import { printTable } from './printTable.ts';
import type { Section } from './Section.ts';
import { sizes } from './sizes.ts';
import { startRig } from './startRig.ts';
import { throughput } from './throughput.ts';

/**
 * Seconds each benchmark may start new rounds for; with the builds and the browser this keeps the
 * whole run under ~5 minutes on a 2-core machine even when it is busy (rounds stop early, never midway).
 */
const BUDGET_SECONDS = {
  nodeSigning: 25,
  pageSigning: 15,
  latency: 60,
  latencyRoundTrip: 40,
  throughput: 45,
  bodies: 100,
  coldStart: 30,
};
/** A typical browser-to-API Gateway round trip, which the emulator adds to every answer for one run. */
const ROUND_TRIP_MS = 30;
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

const deadline = (seconds: number) => Date.now() + seconds * 1000;

async function run(): Promise<void> {
  const started = Date.now();
  const sections: Section[] = [];
  const show = (section: Section) => {
    sections.push(section);
    console.log(printTable(section.table));
  };
  console.log('Running in-Node signing…');
  show(await nodeSigning(deadline(BUDGET_SECONDS.nodeSigning)));
  console.log('Building the app, starting the emulator and Chromium…');
  const rig = await startRig();
  const browserVersion = rig.browser.version();
  try {
    show(await sizes(rig));
    show(await pageSigning(rig, deadline(BUDGET_SECONDS.pageSigning)));
    show(await latency(rig, deadline(BUDGET_SECONDS.latency)));
    rig.stack.emulator.state.settings.apiLatencyMs = ROUND_TRIP_MS;
    try {
      const label = ` with a ${ROUND_TRIP_MS} ms API round trip`;
      const options = { requests: 100, perRound: 10, warmup: 5, label };
      show(await latency(rig, deadline(BUDGET_SECONDS.latencyRoundTrip), options));
    } finally {
      rig.stack.emulator.state.settings.apiLatencyMs = 0;
    }
    show(await throughput(rig, deadline(BUDGET_SECONDS.throughput)));
    show(await bodies(rig, deadline(BUDGET_SECONDS.bodies)));
    show(await coldStart(rig, deadline(BUDGET_SECONDS.coldStart)));
    // Last: it signs the worker out and expires every credential the emulator issued.
    show(await burst(rig));
  } finally {
    await rig.close();
  }
  const machine = {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage: os.loadavg(),
    node: process.version,
    chromium: browserVersion,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `Machine: ${machine.cpus} CPUs, ${machine.cpuModel}; Chromium ${machine.chromium}; Node ${machine.node}; ` +
      `load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}; run took ${seconds.toFixed(0)} s.`,
  );
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = `${RESULTS_DIR}bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  const results = {
    machine,
    seconds,
    sections: sections.map((s) => ({ title: s.table.title, table: s.table, data: s.data })),
  };
  await writeFile(file, JSON.stringify(results, null, 2));
  console.log(`Results written to ${file}`);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
