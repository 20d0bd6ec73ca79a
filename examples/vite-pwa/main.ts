import { CognitoAuth } from 'sigv4-service-worker/auth';
import { SigningClient } from 'sigv4-service-worker/client';
import { config } from './config.ts';

const auth = new CognitoAuth(config);
// Registers /sw.js as a classic script, the default: vite-plugin-pwa's default build of sw.ts is one
// ES bundle with no import or export, which evaluates as either kind.
const client = new SigningClient({
  // Answers the worker's `token-needed`; the refresh token never leaves the page.
  refreshIdToken: async () => (await auth.currentSession())?.idToken,
});

const form = document.querySelector<HTMLFormElement>('#sign-in')!;
const output = document.querySelector<HTMLOutputElement>('#status')!;

async function showNotes(): Promise<void> {
  await client.ready; // the worker controls the page: no API call goes out unsigned
  const response = await fetch(`${config.apis[0]!.url}/notes`); // plain fetch, signed by the worker
  const notes = (await response.json()) as unknown[];
  output.value = `Signed in; ${notes.length} notes (HTTP ${response.status})`;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  auth
    .signIn(String(data.get('username')), String(data.get('password')))
    .then(({ idToken }) => client.signIn(idToken)) // only the ID token goes to the worker
    .then(showNotes)
    .catch((error: unknown) => (output.value = `Failed: ${String(error)}`));
});

client
  .status()
  .then(async (status) => {
    if (status.signedIn) await showNotes();
    else output.value = 'Signed out';
  })
  .catch((error: unknown) => (output.value = `Failed: ${String(error)}`));
