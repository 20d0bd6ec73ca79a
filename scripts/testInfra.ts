import { ensureInfraInstalled, INFRA_DIR, ROOT_BIN, run } from './infraCommand.ts';

// `npm run test:infra`: infra/'s type check and tests (a CDK synth, offline, no AWS account).
ensureInfraInstalled();
run(`${ROOT_BIN}tsc`, ['-p', 'tsconfig.json'], INFRA_DIR);
run(`${ROOT_BIN}vitest`, ['run', '--root', '.'], INFRA_DIR);
