import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `infra/`: the CDK app, with its own package.json so the root install never downloads the CDK. */
export const INFRA_DIR = fileURLToPath(new URL('../infra/', import.meta.url));

/** The root's own tools (tsc, vitest), run from infra/ without npx looking them up online. */
export const ROOT_BIN = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));

/** The CDK CLI that `ensureInfraInstalled` puts in infra/. */
export const CDK = `${INFRA_DIR}node_modules/.bin/cdk`;

/** Runs a command to completion with the terminal attached; exits with its status on failure. */
export function run(command: string, args: string[], cwd = INFRA_DIR): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** Installs infra's packages from its lockfile the first time (about 200 MB: the CDK). */
export function ensureInfraInstalled(): void {
  if (existsSync(`${INFRA_DIR}node_modules/aws-cdk-lib`)) return;
  console.log('Installing infra/ packages (the AWS CDK) from infra/package-lock.json…');
  run('npm', ['ci', '--no-audit', '--no-fund'], INFRA_DIR);
}
