import type { BrowserContext, Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserPages, type BrowserPages } from '../../../../e2e/support/startBrowserPages.ts';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../../emulator/test/startTestEmulator.ts';
import type { SentRefresh } from './keeperPage.ts';
import { control, refreshConfig, signInDemo } from './sessionTestHelpers.ts';

// Three tabs of one browser context keep one session through real Web Locks, IndexedDB and
// BroadcastChannel in Chromium, against the emulator's rotating app client with no grace period:
// a tab that spent a rotated-out refresh token would be refused (RefreshTokenReuseException).

/** Short ID tokens, so three expiries pass in seconds (the emulator takes any positive lifetime). */
const TOKEN_TTL_SECONDS = 4;
const EXPIRIES = 3;
/** How often each tab asks for a token, as an app's API calls would. */
const USE_EVERY_MS = 100;
/** Room for the three expiries and a slow shared machine. */
const WAIT_MS = 40_000;

let cognito: TestEmulator;
let pages: BrowserPages;
let context: BrowserContext;

beforeAll(async () => {
  [cognito, pages] = await Promise.all([
    startTestEmulator(),
    startBrowserPages({ page: 'app/client/userAuth/test/keeperPage.ts' }),
  ]);
  context = await pages.newContext();
}, 60_000);
afterAll(async () => {
  await pages?.close();
  await cognito?.close();
});

async function counts(): Promise<Record<string, number>> {
  const { body } = await control(cognito.emulator, 'counts');
  return body.counts as Record<string, number>;
}

describe('SessionKeeper in three tabs', () => {
  it('keeps every tab signed in over three expiries with one GetTokensFromRefreshToken each and never a revoked token', async () => {
    await control(cognito.emulator, 'settings', {
      tokenTtlSeconds: TOKEN_TTL_SECONDS,
      refreshTokenGraceSeconds: 0,
    });
    const clientId = cognito.emulator.state.settings.rotatingClientId;
    const config = refreshConfig(cognito.emulator, clientId);
    const tabs: Page[] = [];
    for (let i = 0; i < 3; i++) tabs.push(await pages.open(context));
    for (const tab of tabs) await tab.evaluate((config) => keeperHarness.open(config), config);

    const tokens = await signInDemo(cognito.emulator, clientId);
    await tabs[0]!.evaluate((tokens) => keeperHarness.signIn(tokens), tokens);
    for (const tab of tabs) await tab.waitForFunction(() => keeperHarness.signedIn());
    const before = await counts();

    for (const tab of tabs) await tab.evaluate((every) => keeperHarness.use(every), USE_EVERY_MS);
    // The sign-in's ID token and one per expiry, in every tab.
    for (const tab of tabs) {
      await tab.waitForFunction(
        (n) => keeperHarness.idTokens.length > n || keeperHarness.errors.length > 0,
        EXPIRIES,
        {
          timeout: WAIT_MS,
          polling: USE_EVERY_MS,
        },
      );
    }
    for (const tab of tabs) await tab.evaluate(() => keeperHarness.stop());

    const seen = await Promise.all(tabs.map((tab) => tab.evaluate(() => keeperHarness.idTokens)));
    const errors = await Promise.all(tabs.map((tab) => tab.evaluate(() => keeperHarness.errors)));
    const sent = (
      await Promise.all(tabs.map((tab) => tab.evaluate(() => keeperHarness.sent)))
    ).flat() as SentRefresh[];
    expect(errors).toEqual([[], [], []]);
    expect(seen[0]![0]).toBe(tokens.idToken);
    expect(seen[0]).toHaveLength(EXPIRIES + 1);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    const after = await counts();
    expect((after.GetTokensFromRefreshToken ?? 0) - (before.GetTokensFromRefreshToken ?? 0)).toBe(
      EXPIRIES,
    );
    expect(after.InitiateAuth).toBe(before.InitiateAuth);
    // Each refresh token was spent once, the sign-in's first, and Cognito accepted every one.
    expect(sent.map((s) => s.status)).toEqual(Array(EXPIRIES).fill(200));
    expect(new Set(sent.map((s) => s.refreshToken)).size).toBe(EXPIRIES);
    expect(sent.map((s) => s.refreshToken)).toContain(tokens.refreshToken);
    for (const tab of tabs) expect(await tab.evaluate(() => keeperHarness.signedIn())).toBe(true);
  }, 60_000);
});
