import { createServer } from 'vite';
import { settingsFromEnv, startEmulator } from '../emulator/index.ts';

// `npm start`: the emulator and the Vite dev server in one process; one Ctrl-C stops both.
const emulator = await startEmulator(settingsFromEnv());
const { settings } = emulator.state;

// Point the app at this emulator even when its ports were moved with EMULATOR_*_PORT.
process.env.VITE_API_URL ??= emulator.apiUrl;
process.env.VITE_COGNITO_IDP_ENDPOINT ??= emulator.cognitoUrl;
process.env.VITE_COGNITO_IDENTITY_ENDPOINT ??= emulator.cognitoUrl;

const server = await createServer();
await server.listen();
const appUrl = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`;

console.log(`
  Notes demo     ${appUrl}
  Sign in with   ${settings.demoUser} / ${settings.demoPassword}

  Cognito        ${emulator.cognitoUrl}  (User Pool ${settings.userPoolId})
  API Gateway    ${emulator.apiUrl}
  Press Ctrl-C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([server.close(), emulator.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
