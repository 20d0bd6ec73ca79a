import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../../emulator/test/startTestEmulator.ts';
import { awsPost, waitFor } from '../../../../emulator/cognito/test/cognitoTestHelpers.ts';
import { decodeJwtPayload } from '../../../../shared/jwt.ts';
import { SessionKeeper, type SessionKeeperOptions } from '../SessionKeeper.ts';
import type { SessionChannel } from '../SessionChannel.ts';
import type { SessionTokens } from '../SessionSnapshot.ts';
import { createTokenStorage, type TokenStorage } from '../tokenStorage.ts';
import { InProcessLocks } from './InProcessLocks.ts';
import {
  control,
  recordingFetch,
  refreshConfig,
  signInDemo,
  type SentCall,
} from './sessionTestHelpers.ts';

/** Far enough ahead that an hour-long ID token is inside its refresh margin. */
const NEAR_EXPIRY_SECONDS = 3_590;
/** A device clock this far off Cognito's (either way) must not change when tokens are refreshed. */
const DEVICE_SKEW_SECONDS = 600;
/** ID tokens shorter than the skew: a device clock that far ahead sees them expired on arrival. */
const SHORT_TTL_SECONDS = 300;
/** The worker takes an ID token only while this much of it is left (`refreshPolicy.idTokenMarginMs`). */
const WORKER_MARGIN_MS = 10_000;

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterAll(() => cognito.close());

/** One origin of tabs: their shared storage, locks and channel name, and the test's clock. */
interface Origin {
  name: string;
  locks: InProcessLocks;
  idbStore: ReturnType<typeof createStore>;
  /** Seconds the tabs' clock (and the emulator's) is ahead of the real one. */
  aheadSeconds: number;
  keepers: SessionKeeper[];
}

let origin: Origin;
let origins = 0;
beforeEach(async () => {
  await control(cognito.emulator, 'reset', {});
  const name = `session-keeper-test-${++origins}`;
  origin = {
    name,
    locks: new InProcessLocks(),
    idbStore: createStore(name, 'tokens'),
    aheadSeconds: 0,
    keepers: [],
  };
});
afterEach(() => {
  for (const keeper of origin.keepers) keeper.close();
});

function rotatingClient(): string {
  return cognito.emulator.state.settings.rotatingClientId;
}

/** A tab's keeper of the rotating client over the origin's IndexedDB, locks and channel. */
function openTab(options: Partial<SessionKeeperOptions> = {}): SessionKeeper {
  const keeper = new SessionKeeper({
    config: refreshConfig(cognito.emulator, rotatingClient()),
    name: origin.name,
    storage: createTokenStorage('indexedDB', { idbStore: origin.idbStore }),
    locks: origin.locks,
    now: () => Date.now() + origin.aheadSeconds * 1000,
    ...options,
  });
  origin.keepers.push(keeper);
  return keeper;
}

/** Moves the tabs' clock and the emulator's on together, so new tokens are new on both. */
async function advance(seconds: number): Promise<void> {
  origin.aheadSeconds += seconds;
  await control(cognito.emulator, 'clock', { offsetSeconds: origin.aheadSeconds });
}

async function counts(): Promise<Record<string, number>> {
  const { body } = await control(cognito.emulator, 'counts');
  return body.counts as Record<string, number>;
}

/** A tab whose device clock is `skewSeconds` off Cognito's (the emulator's), ahead when positive. */
function openSkewedTab(skewSeconds: number): SessionKeeper {
  return openTab({ now: () => Date.now() + (origin.aheadSeconds + skewSeconds) * 1000 });
}

/** Now on the emulator's clock, milliseconds. */
function cognitoNow(): number {
  return Date.now() + origin.aheadSeconds * 1000;
}

function expiryOf(idToken: string): number {
  return decodeJwtPayload(idToken).exp * 1000;
}

async function signedIn(keeper: SessionKeeper): Promise<SessionTokens> {
  const tokens = await signInDemo(cognito.emulator, rotatingClient());
  await keeper.signIn(tokens);
  return tokens;
}

describe('SessionKeeper', () => {
  it('hands out the ID token it holds, with no Cognito call, while it is outside its margin', async () => {
    const tab = openTab();
    const tokens = await signedIn(tab);
    expect(await tab.freshIdToken()).toBe(tokens.idToken);
    expect((await counts()).GetTokensFromRefreshToken).toBeUndefined();
  });

  it('signs in every tab: an open one hears of it, one opened later reads it from storage', async () => {
    const first = openTab();
    const second = openTab();
    const heard: (SessionTokens | undefined)[] = [];
    second.subscribe((tokens) => heard.push(tokens));
    const tokens = await signedIn(first);
    await waitFor(async () => heard.length === 1);
    expect(heard).toEqual([tokens]);
    const later = openTab();
    await later.ready;
    expect(later.current()).toEqual(tokens);
  });

  it('three tabs needing a refresh at once spend the refresh token once, and all get the new tokens', async () => {
    await control(cognito.emulator, 'settings', { refreshTokenGraceSeconds: 0 });
    const tabs = [openTab(), openTab(), openTab()];
    const tokens = await signedIn(tabs[0]!);
    await Promise.all(tabs.map((tab) => tab.ready));
    await advance(NEAR_EXPIRY_SECONDS);
    const idTokens = await Promise.all(tabs.map((tab) => tab.freshIdToken()));
    expect(new Set(idTokens).size).toBe(1);
    expect(idTokens[0]).not.toBe(tokens.idToken);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
    const stored = await createTokenStorage('indexedDB', { idbStore: origin.idbStore }).load();
    expect(stored?.tokens?.refreshToken).not.toBe(tokens.refreshToken);
    for (const tab of tabs) expect(tab.current()).toEqual(stored?.tokens);
  });

  it('a tab that slept through a refresh takes the tokens in storage instead of spending its own', async () => {
    const awake = openTab();
    // Asleep: it hears nothing on the channel, but shares the origin's locks and storage.
    const asleep = openTab({ channel: new BroadcastChannel(`${origin.name}:elsewhere`) });
    await signedIn(awake);
    await asleep.ready;
    await advance(NEAR_EXPIRY_SECONDS);
    const refreshed = await awake.freshIdToken();
    expect(await asleep.freshIdToken()).toBe(refreshed);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
  });

  it('a tab that slept through a refresh spends the current refresh token, not its rotated-out one', async () => {
    await control(cognito.emulator, 'settings', { refreshTokenGraceSeconds: 0 });
    const calls: SentCall[] = [];
    const awake = openTab();
    const asleep = openTab({
      channel: new BroadcastChannel(`${origin.name}:elsewhere`),
      refresh: { fetch: recordingFetch(calls) },
    });
    const tokens = await signedIn(awake);
    await asleep.ready;
    await advance(NEAR_EXPIRY_SECONDS);
    await awake.freshIdToken();
    const current = awake.current()!.refreshToken;
    expect(current).not.toBe(tokens.refreshToken);
    await advance(NEAR_EXPIRY_SECONDS);
    await expect(asleep.freshIdToken()).resolves.toEqual(expect.any(String));
    expect(calls.map((call) => call.body.RefreshToken)).toEqual([current]);
    expect((await counts()).GetTokensFromRefreshToken).toBe(2);
  });

  it("a tab that slept through a sign-out and a new sign-in hands out the new session's token", async () => {
    const awake = openTab();
    const asleep = openTab({ channel: new BroadcastChannel(`${origin.name}:elsewhere`) });
    const before = await signedIn(awake);
    expect(await asleep.freshIdToken()).toBe(before.idToken);
    await awake.signOut();
    const after = await signedIn(awake);
    expect(await asleep.freshIdToken()).toBe(after.idToken);
    expect(asleep.current()).toEqual(after);
  });

  it('signing out in one tab signs out every tab, which then refuse to hand out a token', async () => {
    const first = openTab();
    const second = openTab();
    await signedIn(first);
    await waitFor(async () => second.current() !== undefined);
    const heard: (SessionTokens | undefined)[] = [];
    second.subscribe((tokens) => heard.push(tokens));
    await first.signOut();
    expect(first.current()).toBeUndefined();
    await waitFor(async () => heard.length > 0);
    expect(heard).toEqual([undefined]);
    expect(second.current()).toBeUndefined();
    await expect(second.freshIdToken()).rejects.toMatchObject({
      name: 'AuthError',
      code: 'not-signed-in',
    });
    const stored = await createTokenStorage('indexedDB', { idbStore: origin.idbStore }).load();
    expect(stored).toEqual({ version: expect.any(Number) });
  });

  it('a refresh Cognito refuses (session ended) signs every tab out with a not-signed-in AuthError', async () => {
    const first = openTab();
    const second = openTab();
    const tokens = await signedIn(first);
    await second.ready;
    const out = await awsPost(cognito.emulator, 'AWSCognitoIdentityProviderService.GlobalSignOut', {
      AccessToken: tokens.accessToken,
    });
    expect(out.status).toBe(200);
    await advance(NEAR_EXPIRY_SECONDS);
    const refused = await first.freshIdToken().catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'AuthError', code: 'not-signed-in' });
    expect((refused as Error).message).toMatch(/session has ended/);
    expect(first.current()).toBeUndefined();
    await waitFor(async () => second.current() === undefined);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
  });

  it('a network failure leaves the session intact in every tab, and the next call refreshes', async () => {
    let failures = 1;
    const flaky = (input: string, init: RequestInit) =>
      failures-- > 0 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init);
    const first = openTab({ refresh: { fetch: flaky } });
    const second = openTab();
    const tokens = await signedIn(first);
    await second.ready;
    await advance(NEAR_EXPIRY_SECONDS);
    await expect(first.freshIdToken()).rejects.toMatchObject({ code: 'network' });
    expect(first.current()).toEqual(tokens);
    expect(second.current()).toEqual(tokens);
    const refreshed = await first.freshIdToken();
    expect(refreshed).not.toBe(tokens.idToken);
    await waitFor(async () => second.current()?.idToken === refreshed);
  });

  it('a throttled refresh leaves the session intact', async () => {
    const tab = openTab();
    const tokens = await signedIn(tab);
    await control(cognito.emulator, 'faults', {
      operation: 'GetTokensFromRefreshToken',
      kind: 'throttle',
      times: 1,
    });
    await advance(NEAR_EXPIRY_SECONDS);
    await expect(tab.freshIdToken()).rejects.toMatchObject({ code: 'too-many-attempts' });
    expect(tab.current()).toEqual(tokens);
  });

  it('stores and broadcasts the new tokens before it lets go of the refresh lock', async () => {
    const events: string[] = [];
    const stored = createTokenStorage('indexedDB', { idbStore: origin.idbStore });
    const storage: TokenStorage = {
      kind: stored.kind,
      consistentAcrossTabs: true,
      load: () => stored.load(),
      save: async (snapshot) => {
        await stored.save(snapshot);
        events.push(snapshot.tokens ? 'saved tokens' : 'saved sign-out');
      },
    };
    const real = new BroadcastChannel(origin.name);
    const channel: SessionChannel = {
      postMessage: (message) => {
        events.push(`posted ${(message as { type: string }).type}`);
        real.postMessage(message);
      },
      addEventListener: (type, listener) => real.addEventListener(type, listener),
      close: () => real.close(),
    };
    const tab = openTab({ storage, channel });
    await signedIn(tab);
    events.length = 0;
    origin.locks.onRelease = (name) => void events.push(`released ${name.split(':').pop()}`);
    await advance(NEAR_EXPIRY_SECONDS);
    await tab.freshIdToken();
    expect(events).toEqual(['saved tokens', 'posted snapshot', 'released refresh']);
  });

  it('where storage is not shared (memory), the lock holder asks the other tabs for newer tokens', async () => {
    await control(cognito.emulator, 'settings', { refreshTokenGraceSeconds: 0 });
    const first = openTab({ storage: createTokenStorage('memory') });
    // This tab misses every broadcast snapshot once deaf, yet answers and hears answers.
    let deaf = false;
    const real = new BroadcastChannel(origin.name);
    const channel: SessionChannel = {
      postMessage: (message) => real.postMessage(message),
      addEventListener: (type, listener) =>
        real.addEventListener(type, (event) => {
          if (!(deaf && (event.data as { type?: unknown }).type === 'snapshot')) listener(event);
        }),
      close: () => real.close(),
    };
    const second = openTab({ storage: createTokenStorage('memory'), channel });
    const tokens = await signedIn(first);
    await waitFor(async () => second.current() !== undefined);
    deaf = true;
    await advance(NEAR_EXPIRY_SECONDS);
    await first.freshIdToken();
    expect(second.current()).toEqual(tokens);
    await advance(NEAR_EXPIRY_SECONDS);
    await second.freshIdToken();
    expect((await counts()).GetTokensFromRefreshToken).toBe(2);
    await waitFor(async () => first.current()?.idToken === second.current()?.idToken);
  });

  it('where storage is not shared, a tab that never answers (frozen) delays a refresh only a moment', async () => {
    const tab = openTab({ storage: createTokenStorage('memory') });
    // Counted by its presence lock, deaf and mute on the channel.
    openTab({
      storage: createTokenStorage('memory'),
      channel: new BroadcastChannel(`${origin.name}:frozen`),
    });
    const tokens = await signedIn(tab);
    await advance(NEAR_EXPIRY_SECONDS);
    expect(await tab.freshIdToken()).not.toBe(tokens.idToken);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
  });

  it('a listener that throws neither stops the other listeners nor the tokens reaching storage', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    try {
      const first = openTab();
      const second = openTab();
      const bug = new Error('listener bug');
      first.subscribe(() => {
        throw bug;
      });
      const heard: (SessionTokens | undefined)[] = [];
      first.subscribe((tokens) => heard.push(tokens));
      const tokens = await signedIn(first);
      expect(heard).toEqual([tokens]);
      expect(reported).toEqual([bug]);
      await waitFor(async () => second.current() !== undefined);
      const stored = await createTokenStorage('indexedDB', { idbStore: origin.idbStore }).load();
      expect(stored?.tokens).toEqual(tokens);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a sign-out while a refresh is in flight wins: the refreshed tokens reach no tab', async () => {
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    let asked!: () => void;
    const sent = new Promise<void>((resolve) => (asked = resolve));
    const held = async (input: string, init: RequestInit) => {
      asked();
      await gate;
      return fetch(input, init);
    };
    const first = openTab({ refresh: { fetch: held } });
    const second = openTab();
    await signedIn(first);
    await waitFor(async () => second.current() !== undefined);
    await advance(NEAR_EXPIRY_SECONDS);
    const refreshing = first.freshIdToken().catch((error: unknown) => error);
    await sent;
    const signingOut = first.signOut();
    expect(first.current()).toBeUndefined();
    letGo();
    expect(await refreshing).toMatchObject({ name: 'AuthError', code: 'not-signed-in' });
    await signingOut;
    await waitFor(async () => second.current() === undefined);
    const stored = await createTokenStorage('indexedDB', { idbStore: origin.idbStore }).load();
    expect(stored?.tokens).toBeUndefined();
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
  });

  it('ignores what is not a session message on its channel', async () => {
    const tab = openTab();
    const tokens = await signedIn(tab);
    const stranger = new BroadcastChannel(origin.name);
    const heard: unknown[] = [];
    tab.subscribe((t) => heard.push(t));
    stranger.postMessage({
      type: 'snapshot',
      snapshot: { version: Number.MAX_SAFE_INTEGER, tokens: {} },
    });
    stranger.postMessage({ type: 'snapshot', snapshot: { version: 'later' } });
    stranger.postMessage('sign-out');
    // Sent last, after the junk: once it is answered, the junk has been read (one sender, in order).
    const answered = new Promise((resolve) => stranger.addEventListener('message', resolve));
    stranger.postMessage({ type: 'ask', id: 'probe' });
    expect(((await answered) as MessageEvent).data).toMatchObject({ type: 'answer', id: 'probe' });
    stranger.close();
    expect(heard).toEqual([]);
    expect(tab.current()).toEqual(tokens);
  });

  it('reports a storage that cannot be read from every call, and stays signed out', async () => {
    const broken: TokenStorage = {
      kind: 'indexedDB',
      consistentAcrossTabs: true,
      load: () => Promise.reject(new Error('storage unreadable')),
      save: () => Promise.reject(new Error('storage unwritable')),
    };
    const tab = openTab({ storage: broken });
    await expect(tab.ready).rejects.toThrow('storage unreadable');
    await expect(tab.freshIdToken()).rejects.toThrow('storage unreadable');
    await expect(tab.signOut()).rejects.toThrow('storage unreadable');
    expect(tab.current()).toBeUndefined();
  });

  it('refuses sign-in tokens that are not a session', async () => {
    const tab = openTab();
    await expect(tab.signIn({ idToken: 'x', accessToken: '', refreshToken: 'r' })).rejects.toThrow(
      TypeError,
    );
    await expect(
      tab.signIn({ idToken: 'not-a-jwt', accessToken: 'a', refreshToken: 'r' }),
    ).rejects.toThrow(/JWT/);
    expect(tab.current()).toBeUndefined();
  });
  it('a forced refresh spends the refresh token though the ID token is still good, once for concurrent calls', async () => {
    const tab = openTab();
    const tokens = await signedIn(tab);
    const forced = await Promise.all([
      tab.freshIdToken({ force: true }),
      tab.freshIdToken({ force: true }),
    ]);
    expect(forced[0]).not.toBe(tokens.idToken);
    expect(forced[1]).toBe(forced[0]);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
    expect(tab.current()?.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('two tabs forcing a refresh at once spend the refresh token once, and both get the new tokens', async () => {
    await control(cognito.emulator, 'settings', { refreshTokenGraceSeconds: 0 });
    const first = openTab();
    const second = openTab();
    const tokens = await signedIn(first);
    await waitFor(async () => second.current() !== undefined);
    const [a, b] = await Promise.all([
      first.freshIdToken({ force: true }),
      second.freshIdToken({ force: true }),
    ]);
    expect(a).not.toBe(tokens.idToken);
    expect(b).toBe(a);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
    expect(second.current()).toEqual(first.current());
  });

  it("a forced refresh after another tab's refresh it already holds spends the refresh token again", async () => {
    await control(cognito.emulator, 'settings', { refreshTokenGraceSeconds: 0 });
    const first = openTab();
    const second = openTab();
    await signedIn(first);
    const heard = await first.freshIdToken({ force: true });
    await waitFor(async () => second.current()?.idToken === heard);
    const forced = await second.freshIdToken({ force: true });
    expect(forced).not.toBe(heard);
    expect((await counts()).GetTokensFromRefreshToken).toBe(2);
    await waitFor(async () => first.current()?.idToken === forced);
  });

  it('a forced refresh with nobody signed in is a not-signed-in AuthError', async () => {
    const tab = openTab();
    await expect(tab.freshIdToken({ force: true })).rejects.toMatchObject({
      name: 'AuthError',
      code: 'not-signed-in',
    });
  });

  it('a device clock 10 minutes ahead uses short-lived tokens until they near expiry, in a tab opened later too', async () => {
    await control(cognito.emulator, 'settings', { tokenTtlSeconds: SHORT_TTL_SECONDS });
    const tab = openSkewedTab(DEVICE_SKEW_SECONDS);
    const tokens = await signedIn(tab);
    for (let i = 0; i < 3; i++) expect(await tab.freshIdToken()).toBe(tokens.idToken);
    const later = openSkewedTab(DEVICE_SKEW_SECONDS);
    expect(await later.freshIdToken()).toBe(tokens.idToken);
    expect((await counts()).GetTokensFromRefreshToken).toBeUndefined();
    // Its expiry on the device's clock is the token's lifetime from now, not long past.
    expect(tab.expiresAt()! - (Date.now() + DEVICE_SKEW_SECONDS * 1000)).toBeGreaterThan(
      (SHORT_TTL_SECONDS - 5) * 1000,
    );

    await advance(SHORT_TTL_SECONDS - 5);
    const refreshed = await tab.freshIdToken();
    expect(refreshed).not.toBe(tokens.idToken);
    expect(await tab.freshIdToken()).toBe(refreshed);
    expect(await later.freshIdToken()).toBe(refreshed);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
  });

  it("a device clock 10 minutes behind refreshes before the worker's margin, and hands out no token the worker would refuse", async () => {
    const tab = openSkewedTab(-DEVICE_SKEW_SECONDS);
    const tokens = await signedIn(tab);
    // Two seconds outside the worker's margin, and inside the page's.
    await advance((expiryOf(tokens.idToken) - cognitoNow() - WORKER_MARGIN_MS - 2_000) / 1000);
    const refreshed = await tab.freshIdToken();
    expect(refreshed).not.toBe(tokens.idToken);
    expect(expiryOf(refreshed) - cognitoNow()).toBeGreaterThan(WORKER_MARGIN_MS);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
    expect(tab.expiresAt()! - (Date.now() - DEVICE_SKEW_SECONDS * 1000)).toBeGreaterThan(
      (NEAR_EXPIRY_SECONDS - 10) * 1000,
    );
  });

  it('signing out resolves with the newest tokens any tab held, for the caller to revoke', async () => {
    const first = openTab();
    const asleep = openTab({ channel: new BroadcastChannel(`${origin.name}:elsewhere`) });
    await signedIn(first);
    await asleep.ready;
    await first.freshIdToken({ force: true });
    const newest = first.current();
    expect(asleep.current()).not.toEqual(newest);
    expect(await asleep.signOut()).toEqual(newest);
    expect(await first.signOut()).toBeUndefined();
  });
  it('refreshes when the access token nears expiry though the ID token is still good', async () => {
    const tab = openTab();
    const tokens = await signInDemo(cognito.emulator, rotatingClient());
    // Cognito's access tokens may be given a shorter lifetime than its ID tokens.
    const nowSeconds = Math.floor(cognitoNow() / 1000);
    const claims = { sub: 's', token_use: 'access', iat: nowSeconds - 295, exp: nowSeconds + 5 };
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const shortAccess = `${part({ alg: 'RS256' })}.${part(claims)}.c2ln`;
    await tab.signIn({ ...tokens, accessToken: shortAccess });
    expect(tab.expiresAt()! - Date.now()).toBeLessThan(6_000);
    const refreshed = await tab.freshIdToken();
    expect(refreshed).not.toBe(tokens.idToken);
    expect(tab.current()?.accessToken).not.toBe(shortAccess);
    expect((await counts()).GetTokensFromRefreshToken).toBe(1);
  });
});
