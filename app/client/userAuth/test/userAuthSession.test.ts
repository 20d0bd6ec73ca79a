import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsPost, waitFor } from '../../../../emulator/cognito/test/cognitoTestHelpers.ts';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../../emulator/test/startTestEmulator.ts';
import { decodeJwtPayload } from '../../../../shared/jwt.ts';
import { refreshTokens } from '../refreshTokens.ts';
import { createTokenStorage, type TokenStorage } from '../tokenStorage.ts';
import type { UserAuthOptions } from '../UserAuth.ts';
import { InProcessLocks } from './InProcessLocks.ts';
import { MemoryWebStorage } from './MemoryWebStorage.ts';
import {
  control,
  recordingFetch,
  refreshConfig,
  withoutGetTokensFromRefreshToken,
  type SentCall,
} from './sessionTestHelpers.ts';
import {
  closeUserAuths,
  signInWithPassword,
  uniqueName,
  userAuthFor,
} from './userAuthTestHelpers.ts';

let cognito: TestEmulator;
beforeAll(async () => {
  cognito = await startTestEmulator();
});
afterEach(async () => {
  await control(cognito.emulator, 'reset', {});
});
afterAll(async () => {
  closeUserAuths();
  await cognito.close();
});

const settings = () => cognito.emulator.state.settings;

/** A page clock this far off Cognito's (either way) must not change when tokens are refreshed. */
const PAGE_SKEW_MS = 600_000;
/** ID tokens shorter than the skew: a page clock that far ahead sees them expired on arrival. */
const SHORT_TTL_SECONDS = 300;
/** The worker takes an ID token only while this much of it is left (`refreshPolicy.idTokenMarginMs`). */
const WORKER_MARGIN_MS = 10_000;

/** A page clock that tests move forward past the tokens' expiry. */
function pageClock() {
  const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
  return clock;
}

/** One origin: opens tabs over one localStorage area, locks and session name, each with its own UserAuth. */
function originOfTabs(options: UserAuthOptions = {}, clientId?: string) {
  const area = new MemoryWebStorage();
  const shared = { name: uniqueName(), locks: new InProcessLocks() };
  return (extra: UserAuthOptions = {}) =>
    userAuthFor(
      cognito.emulator,
      {
        ...options,
        ...shared,
        storage: createTokenStorage('localStorage', { webStorage: area }),
        ...extra,
      },
      clientId,
    );
}

/** Two tabs of one origin. */
function twoTabs(options: UserAuthOptions = {}, clientId?: string) {
  const tab = originOfTabs(options, clientId);
  return [tab(), tab()] as const;
}

/** Sets the emulator's clock `ms` ahead of the real one. */
async function cognitoAhead(ms: number): Promise<void> {
  await control(cognito.emulator, 'clock', { offsetSeconds: ms / 1000 });
}

const expiryOf = (idToken: string) => decodeJwtPayload(idToken).exp * 1000;

async function getUser(accessToken: string) {
  return awsPost(cognito.emulator, 'AWSCognitoIdentityProviderService.GetUser', {
    AccessToken: accessToken,
  });
}

describe('UserAuth session: refresh, storage, sign-out', () => {
  it('refreshes an expiring session with GetTokensFromRefreshToken before answering currentSession', async () => {
    const clock = pageClock();
    const calls: SentCall[] = [];
    const auth = userAuthFor(cognito.emulator, { now: clock.now, fetch: recordingFetch(calls) });
    const first = (await signInWithPassword(auth, settings().demoUser)).tokens;
    expect((await auth.currentSession())?.idToken).toBe(first.idToken);
    expect(calls.map((c) => c.operation)).toEqual(['InitiateAuth']);

    clock.offsetMs = settings().tokenTtlSeconds * 1000;
    const session = await auth.currentSession();
    expect(calls.map((c) => c.operation)).toEqual(['InitiateAuth', 'GetTokensFromRefreshToken']);
    expect(session?.idToken).not.toBe(first.idToken);
    expect(auth.tokens?.refreshToken).toBe(first.refreshToken); // this client does not rotate
    expect(auth.tokens?.expiresAt).toBeGreaterThan(clock.now());
  });

  it('keeps the rotated refresh token of a rotating app client, and the next refresh spends it', async () => {
    const clock = pageClock();
    const auth = userAuthFor(cognito.emulator, { now: clock.now }, settings().rotatingClientId);
    const first = (await signInWithPassword(auth, settings().demoUser)).tokens;
    const second = await auth.refresh();
    expect(second?.refreshToken).not.toBe(first.refreshToken);
    const third = await auth.refresh();
    expect(third?.refreshToken).not.toBe(second?.refreshToken);
    expect((await getUser(third!.accessToken)).status).toBe(200);
  });

  it('runs one refresh for any number of concurrent callers', async () => {
    const calls: SentCall[] = [];
    const auth = userAuthFor(cognito.emulator, { fetch: recordingFetch(calls) });
    await signInWithPassword(auth, settings().demoUser);
    const all = await Promise.all([auth.refresh(), auth.refresh(), auth.refresh()]);
    expect(new Set(all.map((t) => t?.idToken)).size).toBe(1);
    expect(calls.filter((c) => c.operation === 'GetTokensFromRefreshToken')).toHaveLength(1);
  });

  it('falls back to REFRESH_TOKEN_AUTH where the endpoint lacks GetTokensFromRefreshToken', async () => {
    // An emulator of its own: the endpoint learnt here must not be the one the other tests use.
    const own = await startTestEmulator();
    try {
      const calls: SentCall[] = [];
      const auth = userAuthFor(own.emulator, {
        fetch: withoutGetTokensFromRefreshToken(recordingFetch(calls)),
      });
      const first = (await signInWithPassword(auth, own.emulator.state.settings.demoUser)).tokens;
      const refreshed = await auth.refresh();
      expect(refreshed?.idToken).not.toBe(first.idToken);
      expect(calls.map((c) => c.operation)).toEqual(['InitiateAuth', 'InitiateAuth']);
      expect(calls[1]!.body).toMatchObject({ AuthFlow: 'REFRESH_TOKEN_AUTH' });
    } finally {
      await own.close();
    }
  });

  it('restores a session from its token storage in a new page, expiry read from the ID token', async () => {
    const storage: TokenStorage = createTokenStorage('memory');
    const first = userAuthFor(cognito.emulator, { storage });
    const { tokens } = await signInWithPassword(first, settings().demoUser);
    const calls: SentCall[] = [];
    const reloaded = userAuthFor(cognito.emulator, { storage, fetch: recordingFetch(calls) });
    expect(reloaded.tokens).toBeUndefined();
    expect(await reloaded.currentSession()).toEqual({
      username: settings().demoUser,
      idToken: tokens.idToken,
    });
    expect(Math.abs(reloaded.tokens!.expiresAt - tokens.expiresAt)).toBeLessThan(2000);
    expect(calls).toEqual([]);
  });

  it("lets a tab use another tab's rotated refresh token instead of its spent one", async () => {
    const clock = pageClock();
    const [a, b] = twoTabs({ now: clock.now }, settings().rotatingClientId);
    const signedIn = (await signInWithPassword(a, settings().demoUser)).tokens;
    expect((await b.currentSession())?.idToken).toBe(signedIn.idToken);
    const rotated = await a.refresh();
    // Tab B held the first refresh token, which rotation (grace 0) has spent.
    await expect(
      refreshTokens(signedIn.refreshToken, {
        ...refreshConfig(cognito.emulator),
        userPoolClientId: settings().rotatingClientId,
      }),
    ).rejects.toMatchObject({ code: 'not-signed-in' });
    clock.offsetMs = settings().tokenTtlSeconds * 1000;
    const session = await b.currentSession();
    expect(session?.idToken).toEqual(expect.any(String));
    expect(b.tokens?.refreshToken).not.toBe(rotated?.refreshToken);
    expect(b.tokens?.refreshToken).not.toBe(signedIn.refreshToken);
  });

  it('signs out with RevokeToken: the refresh token and its access token no longer work', async () => {
    const [a, b] = twoTabs();
    const { tokens } = await signInWithPassword(a, settings().demoUser);
    const seen: unknown[] = [];
    const c = userAuthFor(cognito.emulator, { onTokens: (t) => seen.push(t) });
    await signInWithPassword(c, settings().demoUser);
    await c.signOut();
    expect(seen.at(-1)).toBeUndefined();

    await a.signOut();
    expect(a.tokens).toBeUndefined();
    expect(await b.currentSession()).toBeUndefined();
    await expect(
      refreshTokens(tokens.refreshToken, refreshConfig(cognito.emulator)),
    ).rejects.toMatchObject({ code: 'not-signed-in' });
    expect((await getUser(tokens.accessToken)).body).toMatchObject({
      __type: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    const { body } = await control(cognito.emulator, 'counts');
    expect((body.counts as Record<string, number>).RevokeToken).toBe(2);
  });

  it('answers undefined and forgets the tokens once Cognito says the session has ended', async () => {
    const clock = pageClock();
    const storage = createTokenStorage('memory');
    const auth = userAuthFor(cognito.emulator, { now: clock.now, storage });
    const { tokens } = await signInWithPassword(auth, settings().demoUser);
    await awsPost(cognito.emulator, 'AWSCognitoIdentityProviderService.RevokeToken', {
      ClientId: settings().clientId,
      Token: tokens.refreshToken,
    });
    clock.offsetMs = settings().tokenTtlSeconds * 1000;
    expect(await auth.currentSession()).toBeUndefined();
    expect(auth.tokens).toBeUndefined();
    expect((await storage.load())?.tokens).toBeUndefined();
  });

  it('answers network, keeping the tokens, when the refresh cannot reach Cognito', async () => {
    let offline = false;
    const auth = userAuthFor(cognito.emulator, {
      fetch: (input, init) =>
        offline ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init),
    });
    const { tokens } = await signInWithPassword(auth, settings().demoUser);
    offline = true;
    await expect(auth.refresh()).rejects.toMatchObject({ code: 'network' });
    expect(auth.tokens).toEqual(tokens);
  });
  it('refresh() in two tabs at once spends the refresh token once, and both tabs get the new tokens', async () => {
    await control(cognito.emulator, 'settings', { refreshTokenGraceSeconds: 0 });
    const calls: SentCall[] = [];
    const [a, b] = twoTabs({ fetch: recordingFetch(calls) }, settings().rotatingClientId);
    const first = (await signInWithPassword(a, settings().demoUser)).tokens;
    expect((await b.currentSession())?.idToken).toBe(first.idToken);
    const [fromA, fromB] = await Promise.all([a.refresh(), b.refresh()]);
    expect(fromA?.refreshToken).not.toBe(first.refreshToken);
    expect(fromB).toEqual(fromA);
    expect(calls.filter((c) => c.operation === 'GetTokensFromRefreshToken')).toHaveLength(1);
    expect((await getUser(fromB!.accessToken)).status).toBe(200);
  });

  it('onTokens hears each sign-in, refresh and sign-out once, in this tab and another one', async () => {
    const heard: (string | undefined)[] = [];
    const here: (string | undefined)[] = [];
    const tab = originOfTabs();
    const a = tab({ onTokens: (tokens) => here.push(tokens?.idToken) });
    tab({ onTokens: (tokens) => heard.push(tokens?.idToken) });
    const signedIn = (await signInWithPassword(a, settings().demoUser)).tokens;
    await waitFor(async () => heard.length === 1);
    const refreshed = await a.refresh();
    await waitFor(async () => heard.length === 2);
    await a.signOut();
    await waitFor(async () => heard.length === 3);
    expect(heard).toEqual([signedIn.idToken, refreshed?.idToken, undefined]);
    expect(here).toEqual(heard);
  });

  it('a page clock 10 minutes ahead uses short-lived tokens without refreshing on every call; expiresAt is on its clock', async () => {
    await control(cognito.emulator, 'settings', { tokenTtlSeconds: SHORT_TTL_SECONDS });
    const clock = pageClock();
    clock.offsetMs = PAGE_SKEW_MS;
    const calls: SentCall[] = [];
    const auth = userAuthFor(cognito.emulator, { now: clock.now, fetch: recordingFetch(calls) });
    const { tokens } = await signInWithPassword(auth, settings().demoUser);
    for (let i = 0; i < 3; i++) expect((await auth.currentSession())?.idToken).toBe(tokens.idToken);
    expect(calls.map((c) => c.operation)).toEqual(['InitiateAuth']);
    expect(tokens.expiresAt - clock.now()).toBeGreaterThan((SHORT_TTL_SECONDS - 5) * 1000);
    expect(auth.tokens).toEqual(tokens);
  });

  it("a page clock 10 minutes behind refreshes before the worker's margin, and hands out no token the worker would refuse", async () => {
    const clock = pageClock();
    clock.offsetMs = -PAGE_SKEW_MS;
    const calls: SentCall[] = [];
    const auth = userAuthFor(cognito.emulator, { now: clock.now, fetch: recordingFetch(calls) });
    const { tokens } = await signInWithPassword(auth, settings().demoUser);
    // Cognito's clock (and the page's with it) moved to two seconds outside the worker's margin.
    const ahead = expiryOf(tokens.idToken) - Date.now() - WORKER_MARGIN_MS - 2_000;
    await cognitoAhead(ahead);
    clock.offsetMs = ahead - PAGE_SKEW_MS;
    const session = await auth.currentSession();
    expect(calls.map((c) => c.operation)).toEqual(['InitiateAuth', 'GetTokensFromRefreshToken']);
    expect(expiryOf(session!.idToken) - (Date.now() + ahead)).toBeGreaterThan(WORKER_MARGIN_MS);
  });
});
