import type { QueuedResponseBody } from '../../sw/offline/offlineProtocol.ts';
import { newUser } from '../demoSupport/NotesPage.ts';
import { serverNotes } from '../demoSupport/serverNotes.ts';
import { DEMO } from '../support/fixtures.ts';
import { DemoTab } from './DemoTab.ts';
import type { EnginePage } from './EnginePage.ts';
import { expect, test, type Site } from './fixtures.ts';

// Worker lifetime and offline cases, for the engines whose driver can stop a service worker and
// take a page offline: Chromium (CDP) and Firefox (its own idle timeout, WebDriver BiDi). An
// outage cuts the relays in front of the demo and the API, so it is real for the worker too.
test.skip(
  ({ engineName }) => engineName === 'webkit',
  'WebDriver classic can neither stop a service worker nor take a page offline',
);

/** Cuts the network to the demo's server and the API, and tells the page it is offline. */
async function goOffline(tab: EnginePage, site: Site): Promise<void> {
  site.relays.app.down();
  site.relays.api.down();
  await tab.setOffline!(true);
}

async function goOnline(tab: EnginePage, site: Site): Promise<void> {
  site.relays.app.up();
  site.relays.api.up();
  await tab.setOffline!(false);
}

test('signs after the browser stopped the worker, with no Cognito call', async ({
  tab,
  site,
  control,
}) => {
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(DEMO);
  expect((await demo.fetch(`${site.apiUrl}/echo/warm`)).status).toBe(200);
  const before = await control.counts();
  await tab.stopServiceWorkers!();
  const { status, json } = await demo.fetch(`${site.apiUrl}/echo/cold`);
  expect(status).toBe(200);
  expect(json?.identityId).toMatch(/^us-east-1:/);
  const after = await control.counts();
  expect(after['GetId'] ?? 0).toBe(before['GetId'] ?? 0);
  expect(after['GetCredentialsForIdentity'] ?? 0).toBe(before['GetCredentialsForIdentity'] ?? 0);
});

test('a write made while the API is unreachable is queued with a 202, then replayed once, signed at replay', async ({
  tab,
  site,
  control,
}) => {
  const user = await newUser(control, 'outbox');
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(user);

  const earlier = site.relays.api.requests.length;
  await goOffline(tab, site);
  await demo.waitForStatus('Offline');
  const note = { title: 'Written offline', content: 'queued' };
  const url = `${site.apiUrl}/notes/offline-1`;
  const queued = await demo.fetch(url, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(note),
  });
  const queuedAt = Date.now();
  expect(queued.status).toBe(202);
  expect(queued.json as unknown as QueuedResponseBody).toMatchObject({
    queued: true,
    pendingWrites: 1,
  });
  await demo.waitForStatus('1 change waiting to sync');
  expect(await serverNotes(site.stack, control, user)).toEqual([]);

  // SigV4 dates have whole seconds: come back in a later second than the write was queued in.
  await expect.poll(() => Math.floor(Date.now() / 1000)).toBeGreaterThan(queuedAt / 1000);
  const backAt = Date.now();
  await goOnline(tab, site);
  // No Background Sync here (Firefox): the page's `online` event asks the worker to sync.
  await demo.waitForStatus('All changes synced');
  await expect
    .poll(async () => (await serverNotes(site.stack, control, user)).map((n) => n.title))
    .toEqual([note.title]);

  // Another pass finds nothing left to send.
  const sync = await demo.postToWorker({ type: 'sync', v: 1 });
  expect(sync).toMatchObject({ ok: true, result: { replayed: 0, pendingWrites: 0 } });
  const puts = site.relays.api.requests
    .slice(earlier)
    .filter((r) => r.method === 'PUT' && r.url.endsWith('/notes/offline-1'));
  expect(puts).toHaveLength(1);
  const amzDate = String(puts[0]!.headers['x-amz-date']);
  const signedAt = Date.parse(
    amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  expect(signedAt).toBeGreaterThanOrEqual(Math.floor(backAt / 1000) * 1000);
  expect(puts[0]!.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIA/);
});

test('an offline reload shows the demo shell and the notes the worker kept', async ({
  tab,
  site,
  control,
}) => {
  const user = await newUser(control, 'shell');
  const demo = new DemoTab(tab);
  await demo.open(site.appUrl);
  await demo.signIn(user);
  for (const title of ['Kept one', 'Kept two']) {
    const put = await demo.fetch(`${site.apiUrl}/notes/${title.replace(' ', '-')}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title, content: '' }),
    });
    expect(put.status).toBe(200);
  }
  // A read of the list through the worker leaves its copy for offline use.
  expect((await demo.fetch(`${site.apiUrl}/notes`)).status).toBe(200);

  await goOffline(tab, site);
  const appRequests = site.relays.app.requests.length;
  await tab.reload();
  await demo.waitForController();
  await demo.waitForStatus('Offline');
  await demo.waitForStatus(`Signed in as ${user.username}`);
  const titles = () =>
    tab.evaluate(
      () =>
        [...document.querySelectorAll('[aria-label="Your notes"] h3')].map((h) => h.textContent),
      null,
    );
  await expect.poll(titles).toEqual(['Kept two', 'Kept one']);
  // Nothing of the shell came from the server: the worker's precache answered.
  expect(site.relays.app.requests.length).toBe(appRequests);
});
