import type { Page } from '@playwright/test';
import { NotesPage } from '../demoSupport/NotesPage.ts';
import { DEMO, expect, openApp, test } from '../support/fixtures.ts';
import { prng, seedFromEnv } from './support/prng.ts';
import { workerStopper } from './support/workerStopper.ts';

// The refresh count below is of REFRESH_TOKEN_AUTH (InitiateAuth), the classic sign-in's refresh;
// the default USER_AUTH sign-in refreshes with GetTokensFromRefreshToken.
/**
 * The page sign-in under soak: the demo's default (`UserAuth`, USER_AUTH) on an app client that
 * rotates refresh tokens with no grace period, so two tabs spending one token would sign each other
 * out; `SOAK_AUTH=classic` drives amazon-cognito-identity-js (REFRESH_TOKEN_AUTH) instead.
 */
const CLASSIC = process.env.SOAK_AUTH === 'classic';
test.use({ buildEnv: CLASSIC ? { VITE_AUTH_MODE: 'classic' } : {} });

/** `SOAK=1` (npm run soak) runs for minutes; otherwise a short run that fits in `npm test`. */
const LONG = process.env.SOAK === '1';
const DURATION_MS = LONG ? 5 * 60_000 : 45_000;
/** Lifetimes under two minutes, so every kind of refresh happens several times per run. */
const TOKEN_TTL_S = LONG ? 90 : 20;
const CREDENTIALS_TTL_S = LONG ? 60 : 15;
const TABS = 3;
/** A bound on requests per tab, in case a machine is much faster than expected. */
const MAX_ROUNDS_PER_TAB = LONG ? 20_000 : 3_000;
/**
 * Stop the worker after a pause chosen at random within this range (ms), once tab 0 has finished a
 * round since the last stop: timed, so a slow machine gets as many stops as a fast one.
 */
const STOP_EVERY_MS: [number, number] = [2_000, 6_000];

interface TabResult {
  rounds: number;
  requests: number;
  failures: string[];
}

declare global {
  interface Window {
    soakRounds?: number;
    /** Set by the spec: finish the current round, then wait. */
    soakPause?: boolean;
    /** Set by the tab while it waits at the pause (or has finished). */
    soakIdle?: boolean;
  }
}

/**
 * Sends requests back to back until `deadline`: GET echo, PUT a note, GET it back. Each request
 * paces the next; a non-200 answer or a rejected fetch is recorded as a failure.
 */
function runTab(page: Page, api: string, tab: number, deadline: number, maxRounds: number) {
  return page.evaluate(
    async ([api, tab, deadline, maxRounds]): Promise<TabResult> => {
      const failures: string[] = [];
      let requests = 0;
      window.soakRounds = 0;
      const check = async (label: string, run: () => Promise<Response>) => {
        requests++;
        try {
          const response = await run();
          const text = await response.text();
          if (response.status !== 200)
            failures.push(`${label}: ${response.status} ${text.slice(0, 200)}`);
          return text;
        } catch (error) {
          failures.push(
            `${label}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
          );
          return '';
        }
      };
      for (let round = 0; round < maxRounds && Date.now() < deadline; round++) {
        if (window.soakPause) {
          window.soakIdle = true;
          while (window.soakPause) await new Promise((resolve) => setTimeout(resolve, 20));
          window.soakIdle = false;
        }
        const id = `soak-${tab}-${round % 5}`;
        await check(`GET echo ${round}`, () =>
          fetch(`${api}/echo/soak/${tab}/${round}?r=${round}`),
        );
        await check(`PUT ${id}`, () =>
          fetch(`${api}/notes/${id}`, {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ title: `Tab ${tab}`, content: `round ${round}` }),
          }),
        );
        const text = await check(`GET ${id}`, () => fetch(`${api}/notes/${id}`));
        if (text && !text.includes(`round ${round}`))
          failures.push(`GET ${id}: stale ${text.slice(0, 100)}`);
        window.soakRounds = round + 1;
      }
      window.soakIdle = true;
      return { rounds: window.soakRounds, requests, failures };
    },
    [api, tab, deadline, maxRounds] as const,
  );
}

test('three tabs keep every request succeeding across credential and ID token expiries and worker restarts', async ({
  page,
  stack,
  control,
}) => {
  test.setTimeout(DURATION_MS + 120_000);
  const seed = seedFromEnv();
  const random = prng(seed);
  console.log(
    `[soak] seed ${seed} (replay with SOAK_SEED=${seed}); ${DURATION_MS / 1000} s, tokens ${TOKEN_TTL_S} s, credentials ${CREDENTIALS_TTL_S} s, ${CLASSIC ? 'classic sign-in' : 'USER_AUTH, rotation on, grace 0'}`,
  );
  test.info().annotations.push({ type: 'seed', description: String(seed) });
  const api = stack.emulator.apiUrl;

  await control.settings({
    tokenTtlSeconds: TOKEN_TTL_S,
    credentialsTtlSeconds: CREDENTIALS_TTL_S,
    ...(!CLASSIC && { rotateMainClient: true, refreshTokenGraceSeconds: 0 }),
  });
  // Real SRP sign-in through the demo UI, so each tab can answer token-needed with getSession.
  await openApp(page, stack);
  await new NotesPage(page).signInAndWait(DEMO.username, DEMO.password);
  const tabs = [page];
  for (let i = 1; i < TABS; i++) {
    const tab = await page.context().newPage();
    await openApp(tab, stack);
    await expect(new NotesPage(tab).status).toContainText(`Signed in as ${DEMO.username}`);
    tabs.push(tab);
  }
  for (const [i, tab] of tabs.entries())
    tab.on('crash', () => console.log(`[soak] tab ${i} crashed`));
  tabs[0]!.context().on('close', () => console.log('[soak] context closed'));
  tabs[0]!
    .context()
    .browser()
    ?.on('disconnected', () => console.log('[soak] browser disconnected'));
  const before = await control.counts();

  const started = Date.now();
  const deadline = started + DURATION_MS;
  const runs = tabs.map((tab, i) => runTab(tab, api, i, deadline, MAX_ROUNDS_PER_TAB));
  let finished = false;
  let ended = 0;
  const all = Promise.all(runs).finally(() => {
    finished = true;
    ended = Date.now();
  });

  // Stop the worker at random points of tab 0's progress, as the browser stops an idle one.
  const stopper = await workerStopper(page);
  const stops: number[] = [];
  let roundsAtStop = 0;
  while (!finished && Date.now() < deadline) {
    const [low, high] = STOP_EVERY_MS;
    const at = Date.now() + low + Math.floor(random() * (high - low + 1));
    // The moment came and tab 0 made progress since the last stop, or the run is over.
    const reached = await page
      .waitForFunction(
        ([after, at, end]) =>
          ((window.soakRounds ?? 0) > after && Date.now() >= at) || Date.now() >= end,
        [roundsAtStop, at, deadline] as const,
        { timeout: DURATION_MS + 30_000, polling: 100 },
      )
      .then(() => true)
      .catch(() => false);
    if (!reached || finished || Date.now() >= deadline) break;
    // The browser stops only an idle worker (no event in flight): let every tab finish its
    // round, stop the worker, go on. A CDP stop during a request would fail that request, which
    // no browser does on its own.
    await Promise.all(tabs.map((tab) => tab.evaluate(() => (window.soakPause = true))));
    await Promise.all(
      tabs.map((tab) => tab.waitForFunction(() => window.soakIdle === true, null, { polling: 20 })),
    );
    await stopper.stop();
    roundsAtStop = await page.evaluate(() => window.soakRounds ?? 0);
    stops.push(roundsAtStop);
    await Promise.all(tabs.map((tab) => tab.evaluate(() => (window.soakPause = false))));
  }
  await stopper.close();
  const results = await all;
  const elapsed = ended - started;
  const after = await control.counts();
  const delta = (key: string) => (after[key] ?? 0) - (before[key] ?? 0);
  const summary = {
    seed,
    elapsedS: Math.round(elapsed / 1000),
    stops: stops.length,
    requests: results.map((r) => r.requests),
    GetId: delta('GetId'),
    GetCredentialsForIdentity: delta('GetCredentialsForIdentity'),
    InitiateAuth: delta('InitiateAuth'),
    GetTokensFromRefreshToken: delta('GetTokensFromRefreshToken'),
  };
  // Each ID token is refreshed only once it has expired, so a run sees about this many expiries.
  const expiries = Math.max(1, Math.floor(elapsed / 1000 / TOKEN_TTL_S));
  console.log(`[soak] ${JSON.stringify(summary)}`);
  // A page refresh is REFRESH_TOKEN_AUTH (an InitiateAuth) in the classic sign-in, and
  // GetTokensFromRefreshToken with UserAuth, whose sign-in happened before `before`.
  const refreshes = CLASSIC ? summary.InitiateAuth : summary.GetTokensFromRefreshToken;
  console.log(
    `[soak] page refreshes per ID-token expiry with ${TABS} tabs: ${(refreshes / expiries).toFixed(2)} (target 1)`,
  );

  expect(results.flatMap((r) => r.failures)).toEqual([]);
  expect(results.every((r) => r.rounds > 0)).toBe(true);
  expect(stops.length).toBeGreaterThanOrEqual(LONG ? 10 : 3);
  // About one Cognito call per lifetime, never one per request, per restart or per tab. The worker
  // refreshes credentials a quarter-lifetime early; one elected tab answers token-needed, and with
  // UserAuth one tab at a time refreshes under a Web Lock, so an ID-token expiry costs one page
  // refresh, not one per tab. Under rotation with no grace, a second spend of a token would have
  // signed every tab out: the failures above would show it.
  const seconds = elapsed / 1000;
  expect(summary.GetCredentialsForIdentity).toBeGreaterThanOrEqual(
    Math.floor(seconds / CREDENTIALS_TTL_S),
  );
  expect(summary.GetCredentialsForIdentity).toBeLessThanOrEqual(
    seconds / (CREDENTIALS_TTL_S * 0.75) + 2,
  );
  expect(summary.GetId).toBe(0);
  expect(refreshes).toBeGreaterThanOrEqual(1);
  expect(refreshes).toBeLessThanOrEqual(expiries + 1);
  if (!CLASSIC) expect(summary.InitiateAuth).toBe(0);
  expect(after['api.ExpiredTokenException'] ?? 0).toBe(0);
  expect(after['api.MissingAuthenticationTokenException'] ?? 0).toBe(0);
});
