import { spawn } from 'node:child_process';

/** A long-running command started by a spec, and how to stop it. */
export interface RunningScript {
  /** The first line of output that matched `ready`, as matched. */
  match: RegExpMatchArray;
  /** Everything it printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `command` in its own process group (npm, then tsx, then node), resolves once its output
 * matches `ready`, and rejects if it exits first. `stop` ends the whole group and waits for it.
 */
export function startScript(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp },
): Promise<RunningScript> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  };
  return new Promise<RunningScript>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(options.ready);
      if (match) resolve({ match, output: () => output, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`${command} ${args.join(' ')} exited (${code ?? signal}):\n${output}`)),
    );
    child.once('error', reject);
  });
}
