import os from 'node:os';

/** The machine a run was made on, as the results file records it. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  loadAverage: number[];
  node: string;
  chromium: string;
  platform: string;
}

export function currentMachine(chromium: string): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAverage: os.loadavg(),
    node: process.version,
    chromium,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** One line for the terminal and the chart: CPUs, browser, Node and how busy the machine was. */
export function describeMachine(machine: Machine): string {
  return (
    `${machine.cpus} CPUs, ${machine.cpuModel}; Chromium ${machine.chromium}; Node ${machine.node}; ` +
    `load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`
  );
}
