import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  envComments,
  envFromOutputs,
  mergeEnvFile,
  pickStackOutputs,
} from '../infra/lib/envFromOutputs.ts';
import { CDK, ensureInfraInstalled, INFRA_DIR, run } from './infraCommand.ts';

/** Vite reads this file in `--mode aws` only, so `npm start` and `npm test` stay on the emulator. */
const ENV_FILE = fileURLToPath(new URL('../.env.aws.local', import.meta.url));

/** Where `cdk deploy` writes the stack outputs. */
const OUTPUTS_FILE = `${INFRA_DIR}cdk-outputs.json`;

// `npm run deploy [-- cdk options]`: deploys infra/'s stack with the credentials in the
// environment, then writes the app's configuration from the stack outputs.
const args = process.argv.slice(2);
ensureInfraInstalled();
run(CDK, ['deploy', '--outputs-file', OUTPUTS_FILE, ...args]);

const outputs = JSON.parse(readFileSync(OUTPUTS_FILE, 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
// The stack named with `-c stackName=…`, or the only one.
const stackName = args.find((arg) => arg.startsWith('stackName='))?.slice('stackName='.length);
const values = envFromOutputs(pickStackOutputs(outputs, stackName));
const existing = existsSync(ENV_FILE) ? readFileSync(ENV_FILE, 'utf8') : '';
writeFileSync(ENV_FILE, mergeEnvFile(existing, values, envComments(values)));

console.log(`
Wrote .env.aws.local (API ${values.VITE_API_URL}). Next:
  npm run build:aws && npm run preview     the app against AWS on http://127.0.0.1:4173
  npm run dev -- --mode aws                or the dev server against AWS
`);
