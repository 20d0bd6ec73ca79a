import { build, createServer, preview } from 'vite';
import { CONTROL_HEADER, CONTROL_PREFIX } from '../emulator/cognito/handleControl.ts';
import { settingsFromEnv, startEmulator } from '../emulator/index.ts';

// `npm start`: the emulator and a production build of the demo, served as a visitor gets it (the
// worker precaches the app shell, so an offline reload works). `npm run dev` (`--dev`): the emulator
// and Vite's dev server with hot reload instead. One Ctrl-C stops both.
const dev = process.argv.includes('--dev');
/** The app's port: `PORT` (0 = any free port), else Vite's default for the mode. */
const port = process.env.PORT === undefined ? undefined : Number(process.env.PORT);

const emulator = await startEmulator(settingsFromEnv());
const { settings } = emulator.state;

// Point the app at this emulator even when its ports were moved with EMULATOR_*_PORT.
// The worker signs for every emulated endpoint; VITE_DEMO_NOTES_URL picks the demo's notes service.
process.env.VITE_API_URL ??= [
  emulator.apiUrl,
  emulator.functionUrl,
  emulator.httpApiUrl,
  emulator.appSyncUrl,
].join(',');
process.env.VITE_API_SERVICE ??= 'execute-api,lambda,execute-api,appsync';
process.env.VITE_COGNITO_IDP_ENDPOINT ??= emulator.cognitoUrl;
process.env.VITE_COGNITO_IDENTITY_ENDPOINT ??= emulator.cognitoUrl;

let server: { close(): Promise<void>; resolvedUrls: { local: string[] } | null };
if (dev) {
  const devServer = await createServer({ server: { port } });
  await devServer.listen();
  server = devServer;
} else {
  await build({ logLevel: 'warn' });
  server = await preview({ preview: { port, open: false } });
}
const appUrl = server.resolvedUrls?.local[0];
const rpId = settings.webAuthnRelyingPartyId;
// Browsers refuse IP addresses as passkey RP IDs: passkeys work on the app opened by the RP ID's name.
const passkeysAt =
  rpId === 'localhost' && appUrl
    ? Object.assign(new URL(appUrl), { hostname: 'localhost' }).href
    : `the app on ${rpId} or a subdomain`;
// Sign-in and sign-up codes go to the emulator's mailbox, which only the control API reads (no page
// can: the control header needs a preflight that the emulator refuses).
const mailbox = `${emulator.cognitoUrl}${CONTROL_PREFIX}mailbox?username=${encodeURIComponent(settings.demoUser)}`;

console.log(`
  Notes demo     ${appUrl}  (${dev ? 'dev server, hot reload' : 'production build; npm run dev for hot reload'})
  Sign in with   ${settings.demoUser} / ${settings.demoPassword}, an e-mailed code, or a passkey
  Passkeys at    ${passkeysAt}  (relying party ${rpId})
  E-mail codes   curl -H '${CONTROL_HEADER}: 1' '${mailbox}'

  Cognito        ${emulator.cognitoUrl}  (User Pool ${settings.userPoolId})
  API Gateway    ${emulator.apiUrl}  (REST API stage)
  Function URL   ${emulator.functionUrl}  (Lambda, service lambda)
  HTTP API       ${emulator.httpApiUrl}  (API Gateway v2, $default stage)
  AppSync        ${emulator.appSyncUrl}  (service appsync)
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
