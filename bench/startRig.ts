import {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium.ts';
import { EmulatorControl } from '../e2e/support/EmulatorControl.ts';
import { DEMO, openApp, signInWorker } from '../e2e/support/fixtures.ts';
import { startStack, type Stack } from '../e2e/support/startStack.ts';
import { buildLibrary } from './buildLibrary.ts';
import { startBenchApp } from './startBenchApp.ts';
import { startForwardOnlyApp } from './startForwardOnlyApp.ts';
import { startThirdParty } from './startThirdParty.ts';
import type { HarnessWindow, PageCredentials, Variant } from './pageHarness.ts';

/** Everything the benchmarks drive, in one browser process. */
export interface Rig {
  stack: Stack;
  control: EmulatorControl;
  browser: Browser;
  /** The app, controlled and signed in by the service worker. */
  workerPage: Page;
  /**
   * The app under a worker with the signing layer alone (no offline support) and a pass-through
   * for the open route, on its own origin.
   */
  leanPage: Page;
  /** Origin the lean worker's build is served from. */
  leanAppUrl: string;
  /**
   * The app under the demo worker built with `VITE_API_SIGN_QUERY=true` (GETs signed in the query
   * string, once `configFromEnv` reads it), on its own origin.
   */
  queryPage: Page;
  /**
   * A page under a worker that only does `respondWith(fetch(request))` (`entries/forwardOnly/sw.js`),
   * signing by itself with aws4fetch: the floor of a signed request through any worker.
   */
  forwardPage: Page;
  /**
   * The app under the demo worker built with the bench's timing probes (`entries/profiled/sw.js`),
   * on its own origin, so the probes cost the other variants nothing.
   */
  profiledPage: Page;
  /**
   * Path of an app asset the worker does not precache (the web manifest, by a URL the precache does
   * not list), relative to each page's own origin.
   */
  assetPath: string;
  /** A small asset on another local origin (a third party to the app). */
  thirdPartyUrl: string;
  /** A page on the app's origin with service workers blocked, signing by itself. */
  inPage: Page;
  /** The demo user's ID token, as the worker got it. */
  idToken: string;
  close(): Promise<void>;
}

/**
 * Starts the emulator and the built app (`startStack`) and the bench's other builds and servers,
 * launches Chromium, and opens a page per way of sending a request, each in its own browser context
 * (so each has its own preflight and HTTP caches), with the harness loaded.
 */
export async function startRig(): Promise<Rig> {
  const [stack, harness] = await Promise.all([
    startStack(),
    buildLibrary('bench/entries/pageHarness.ts', 'iife', 'benchHarness'),
  ]);
  // Undone in reverse order on close, or as far as the start got when it fails.
  const closers: Array<() => Promise<void>> = [() => stack.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    const lean = await startBenchApp(stack.emulator, 'bench/entries/signingOnly');
    closers.push(lean.close);
    const profiled = await startBenchApp(stack.emulator, 'bench/entries/profiled');
    closers.push(profiled.close);
    // The option under test (ApiConfig.signQuery, read from this variable by configFromEnv); the
    // HTTP cache setting stays the default (per-identity), as for the demo worker's own build.
    const query = await startBenchApp(stack.emulator, 'bench/entries/signQuery', {
      VITE_API_SIGN_QUERY: 'true',
    });
    closers.push(query.close);
    const forwardOnly = await startForwardOnlyApp();
    closers.push(forwardOnly.close);
    const thirdParty = await startThirdParty();
    closers.push(thirdParty.close);
    const control = new EmulatorControl(
      stack.emulator.cognitoUrl,
      stack.emulator.state.settings.clientId,
    );
    const browser = await chromium.launch(chromiumLaunchOptions());
    closers.push(() => browser.close());
    const apiUrl = stack.emulator.apiUrl;
    const { idToken } = await control.tokens(DEMO.username, DEMO.password);
    const openWorkerPage = async (appUrl: string) => {
      const page = await (await browser.newContext()).newPage();
      await openApp(page, { ...stack, appUrl });
      await signInWorker(page, idToken);
      await page.addScriptTag({ content: harness.code });
      await page.evaluate(
        (url) => (window as unknown as HarnessWindow).bench.configure(url),
        apiUrl,
      );
      return page;
    };
    const workerPage = await openWorkerPage(stack.appUrl);
    const leanPage = await openWorkerPage(lean.appUrl);
    const profiledPage = await openWorkerPage(profiled.appUrl);
    const queryPage = await openWorkerPage(query.appUrl);

    const blocked = await browser.newContext({ serviceWorkers: 'block' });
    const inPage = await blocked.newPage();
    // The app's own document (a page Playwright fulfilled would not count as loopback, and Chromium's
    // local network access checks would refuse its calls to the API), without the app's scripts.
    await inPage.route(/\.m?js(\?|$)/, (route) => route.abort());
    await inPage.goto(stack.appUrl);
    await inPage.unrouteAll();
    await inPage.addScriptTag({ content: harness.code });
    const credentials = await identityCredentials(stack, idToken);
    await inPage.evaluate(
      ([url, given]) => (window as unknown as HarnessWindow).bench.configure(url, given),
      [apiUrl, credentials] as const,
    );

    const forwardPage = await (await browser.newContext()).newPage();
    await forwardPage.goto(forwardOnly.appUrl);
    await forwardPage.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await forwardPage.addScriptTag({ content: harness.code });
    await forwardPage.evaluate(
      ([url, given]) => (window as unknown as HarnessWindow).bench.configure(url, given),
      [apiUrl, credentials] as const,
    );
    return {
      stack,
      control,
      browser,
      workerPage,
      leanPage,
      leanAppUrl: lean.appUrl,
      queryPage,
      forwardPage,
      inPage,
      profiledPage,
      // A query the precache does not list makes any app file an asset outside it.
      assetPath: '/manifest.webmanifest?outside-precache',
      thirdPartyUrl: thirdParty.assetUrl,
      idToken,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** GetId + GetCredentialsForIdentity in Node, as an app signing in the page would do them. */
async function identityCredentials(stack: Stack, idToken: string): Promise<PageCredentials> {
  const { settings } = stack.emulator.state;
  const client = new CognitoIdentityClient({
    region: settings.region,
    endpoint: stack.emulator.cognitoUrl,
  });
  try {
    const Logins = {
      [`cognito-idp.${settings.region}.amazonaws.com/${settings.userPoolId}`]: idToken,
    };
    const { IdentityId } = await client.send(
      new GetIdCommand({ IdentityPoolId: settings.identityPoolId, Logins }),
    );
    const { Credentials: issued } = await client.send(
      new GetCredentialsForIdentityCommand({ IdentityId, Logins }),
    );
    if (!issued?.AccessKeyId || !issued.SecretKey || !issued.SessionToken) {
      throw new Error('GetCredentialsForIdentity returned no credentials');
    }
    return {
      accessKeyId: issued.AccessKeyId,
      secretAccessKey: issued.SecretKey,
      sessionToken: issued.SessionToken,
      region: settings.region,
    };
  } finally {
    client.destroy();
  }
}

/** The page a variant runs in: the app under its worker, or a page that signs by itself. */
export function pageFor(rig: Rig, variant: Variant): Page {
  switch (variant) {
    case 'worker':
      return rig.workerPage;
    case 'workerQuery':
      return rig.queryPage;
    case 'workerLean':
    case 'passThrough':
      return rig.leanPage;
    case 'passThroughSigned':
      return rig.forwardPage;
    case 'floor':
    case 'aws4fetch':
    case 'aws4fetchQuery':
    case 'cryptoJs':
      return rig.inPage;
  }
}
