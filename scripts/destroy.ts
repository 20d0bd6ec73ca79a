import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_MARKER } from '../infra/lib/envFromOutputs.ts';
import { CDK, ensureInfraInstalled, run } from './infraCommand.ts';

const ENV_FILE = fileURLToPath(new URL('../.env.aws.local', import.meta.url));

// `npm run destroy [-- cdk options]`: deletes the stack, its users and notes included.
ensureInfraInstalled();
run(CDK, ['destroy', ...process.argv.slice(2)]);
// The configuration points at resources that no longer exist; remove it unless a person wrote it.
if (existsSync(ENV_FILE) && readFileSync(ENV_FILE, 'utf8').startsWith(GENERATED_MARKER)) {
  rmSync(ENV_FILE);
  console.log('Removed .env.aws.local.');
}
