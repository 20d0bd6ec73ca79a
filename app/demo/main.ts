import { configFromEnv, SigningClient } from 'sigv4-service-worker/client';
import { OutboxClient } from 'sigv4-service-worker/offline/client';
import type { DemoAuth } from './DemoAuth.ts';
import { NotesApp } from './NotesApp.ts';
import { notesApiFor } from './notesApiFor.ts';
import './styles.css';

const config = configFromEnv(import.meta.env);
const mode = import.meta.env.VITE_AUTH_MODE;
// The sign-in form: USER_AUTH (passwords, e-mail codes, passkeys) unless VITE_AUTH_MODE=classic asks
// for amazon-cognito-identity-js. Each is loaded only when chosen, so a build carries one of them.
const auth: DemoAuth =
  mode === 'classic'
    ? (await import('./classicAuth.ts')).classicAuth(config)
    : (await import('./choiceAuth.ts')).choiceAuth(config);
// VITE_AUTH_MODE=oidc adds sign-in through the pool's hosted pages (managed login) with oidc-client-ts.
// Loaded only then, so the default build carries no OIDC client.
const managedLogin =
  mode === 'oidc' ? new (await import('./ManagedLogin.ts')).ManagedLogin(config) : undefined;
// The worker signs every call to the API; when the ID token expires it asks for a fresh one,
// which the page gets with the refresh token (that token itself never leaves the page).
const client = new SigningClient({
  // vite-plugin-pwa serves the worker as an ES module in dev, and builds /sw.js as a classic script.
  ...(import.meta.env.DEV && { scriptUrl: '/dev-sw.js?dev-sw', type: 'module' }),
  refreshIdToken: async () =>
    (await auth.currentSession())?.idToken ?? (await managedLogin?.feed.refreshIdToken()),
});
managedLogin?.feed.connect(client);
const api = notesApiFor(config, import.meta.env.VITE_DEMO_NOTES_URL, client.ready);

const app = new NotesApp(
  client,
  new OutboxClient(client),
  auth,
  api,
  {
    header: document.querySelector<HTMLElement>('#app-header')!,
    main: document.querySelector<HTMLElement>('#app')!,
  },
  managedLogin,
);
Promise.resolve(managedLogin?.handleRedirect())
  .then(() => app.start())
  .catch((error: unknown) => {
    console.error('[demo] could not start:', error);
    document.querySelector('#app')!.textContent =
      error instanceof Error ? error.message : 'The app could not start.';
  });
