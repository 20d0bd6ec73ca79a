import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialManager } from '../CredentialManager.ts';
import { IdentityError } from '../IdentityApi.ts';
import type { Session } from '../SessionStore.ts';
import { backoffDelay } from '../refreshPolicy.ts';
import { CONFIG, harness, idToken } from './fixtures.ts';

let { clock, timers, identity, store, manager } = harness();

beforeEach(() => {
  ({ clock, timers, identity, store, manager } = harness());
});

describe('CredentialManager', () => {
  it('signs in with one GetId and one GetCredentialsForIdentity and answers only ids and expiry', async () => {
    const result = await manager().signIn(idToken({}, clock.time));
    expect(result).toEqual({ identityId: 'us-east-1:user-a', expiration: clock.time + 3600_000 });
    expect([identity.getIdCalls, identity.getCredentialsCalls]).toEqual([1, 1]);
    expect(Object.keys(identity.logins[0]!)).toEqual([
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_Test',
    ]);
  });

  it('shares one GetCredentialsForIdentity among 50 concurrent requests', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000); // expired: every request must wait for new credentials
    identity.hold();
    const pending = Array.from({ length: 50 }, () => m.get());
    identity.release();
    const results = await Promise.all(pending);
    expect(identity.getCredentialsCalls).toBe(2);
    expect(identity.getIdCalls).toBe(1);
    expect(new Set(results.map((r) => r.credentials.accessKeyId)).size).toBe(1);
  });

  it('serves credentials from memory with no store read and no Cognito call', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    const load = vi.spyOn(store, 'load');
    for (let i = 0; i < 20; i++) await m.get();
    expect(load).not.toHaveBeenCalled();
    expect(identity.getCredentialsCalls).toBe(1);
  });

  it('refreshes an idle session when its credentials fall due, before any request needs them', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000 - 5 * 60_000 - 1); // just before the soft margin: nothing due yet
    timers.runDue();
    expect(identity.getCredentialsCalls).toBe(1);
    clock.advance(1);
    timers.runDue();
    await vi.waitFor(async () =>
      expect((await m.get()).credentials.expiration).toBe(clock.time + 3600_000),
    );
    expect(identity.getCredentialsCalls).toBe(2);
    // The new credentials planned their own refresh, and only theirs.
    expect(timers.tasks.map((t) => t.at)).toEqual([clock.time + 3600_000 - 5 * 60_000]);
  });

  it('leaves an idle refresh that would need a page (the ID token ran out) to the next request', async () => {
    const requestToken = vi.fn();
    const m = manager({ requestToken });
    // An ID token that expires before the credentials fall due.
    await m.signIn(idToken({ exp: Math.floor(clock.time / 1000) + 1800 }, clock.time));
    clock.advance(3600_000 - 5 * 60_000);
    timers.runDue();
    expect(identity.getCredentialsCalls).toBe(1);
    expect(requestToken).not.toHaveBeenCalled();
  });

  it('plans no idle refresh once the session ends', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    await m.signOut();
    clock.advance(3600_000);
    timers.runDue();
    expect(identity.getCredentialsCalls).toBe(1);
  });

  it('takes its margins and waits from the refresh policy', async () => {
    const m = manager({ refreshPolicy: { softShare: 1 / 2, softCapMs: 40 * 60_000 } });
    await m.signIn(idToken({}, clock.time));
    clock.advance(29 * 60_000); // 31 minutes left: inside a 30-minute soft margin? not yet
    await m.get();
    expect(identity.getCredentialsCalls).toBe(1);
    clock.advance(2 * 60_000);
    await m.get();
    expect(identity.getCredentialsCalls).toBe(2);
  });

  it('refuses a refresh policy whose margins are out of order', () => {
    expect(() => manager({ refreshPolicy: { hardShare: 0.5, softShare: 0.25 } })).toThrow(
      TypeError,
    );
    expect(() => manager({ refreshPolicy: { tokenWaitMs: Number.NaN } })).toThrow(/tokenWaitMs/);
  });

  it('follows a sign-out made by another instance of the worker', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    const other = manager();
    await other.signOut();
    m.follow(null);
    expect(await m.status()).toMatchObject({ signedIn: false });
    await expect(m.get()).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it("follows another instance's sign-in of another user, and signs with that user's credentials", async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    const other = manager();
    const announced: (string | null)[] = [];
    const b = manager({ announce: (epoch) => announced.push(epoch) });
    await b.signIn(idToken({ sub: 'user-b', 'cognito:username': 'bob' }, clock.time));
    expect(announced).toHaveLength(2); // the old session ended (null), the new one began
    expect(announced[0]).toBeNull();
    m.follow(announced[1]!);
    expect((await m.get()).identityId).toBe('us-east-1:user-b');
    void other;
  });

  it('refreshes in the background inside the soft margin and keeps signing meanwhile', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    const first = (await m.get()).credentials;
    clock.advance(3600_000 - 4 * 60_000); // 4 minutes left: inside the 5-minute soft margin
    identity.hold();
    const during = await m.get();
    expect(during.credentials.accessKeyId).toBe(first.accessKeyId);
    expect(identity.getCredentialsCalls).toBe(2);
    identity.release();
    await vi.waitFor(async () => {
      expect((await m.get()).credentials.accessKeyId).not.toBe(first.accessKeyId);
    });
    expect(identity.getCredentialsCalls).toBe(2);
  });

  it('waits for new credentials inside the hard margin', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    const first = (await m.get()).credentials;
    clock.advance(3600_000 - 30_000); // 30 s left: inside the 1-minute hard margin
    const next = await m.get();
    expect(next.credentials.accessKeyId).not.toBe(first.accessKeyId);
  });

  it('scales the margins with short-lived credentials', async () => {
    identity.lifetimeMs = 6_000;
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    clock.advance(3_000); // half the lifetime left: no refresh yet
    await m.get();
    expect(identity.getCredentialsCalls).toBe(1);
    clock.advance(2_000); // 1 s left of 6: inside the soft margin (1.5 s), outside the hard one (0.5 s)
    await m.get();
    expect(identity.getCredentialsCalls).toBe(2);
  });

  it('restores the session from IndexedDB after a restart with no Cognito call', async () => {
    await manager().signIn(idToken({}, clock.time));
    const restarted = manager();
    const { credentials, identityId } = await restarted.get();
    expect(identityId).toBe('us-east-1:user-a');
    expect(credentials.secretAccessKey).toBe('secret-1');
    expect([identity.getIdCalls, identity.getCredentialsCalls]).toEqual([1, 1]);
    expect((await restarted.status()).signedIn).toBe(true);
  });

  it('reads the session and the clock offset in one store read when preloaded, however many requests wait', async () => {
    await manager().signIn(idToken({}, clock.time));
    const restarted = manager();
    const loadState = vi.spyOn(store, 'loadState');
    restarted.preload();
    const results = await Promise.all(Array.from({ length: 10 }, () => restarted.get()));
    expect(loadState).toHaveBeenCalledTimes(1);
    expect(new Set(results.map((r) => r.identityId))).toEqual(new Set(['us-east-1:user-a']));
    expect(identity.getCredentialsCalls).toBe(1);
  });

  it('reads the store again at the first request when a preload failed', async () => {
    await manager().signIn(idToken({}, clock.time));
    const restarted = manager();
    const loadState = vi
      .spyOn(store, 'loadState')
      .mockRejectedValueOnce(new DOMException('closed', 'InvalidStateError'));
    restarted.preload();
    // The failed read has settled (its handler runs before this await resumes).
    await (loadState.mock.results[0]!.value as Promise<unknown>).catch(() => {});
    await expect(restarted.get()).resolves.toMatchObject({ identityId: 'us-east-1:user-a' });
    expect(loadState).toHaveBeenCalledTimes(2);
  });

  it('signs out: memory, IndexedDB and the user data are cleared', async () => {
    const clearUserData = vi.fn(async (_session: Session) => {});
    const m = manager({ clearUserData });
    await m.signIn(idToken({}, clock.time));
    await m.signOut();
    expect(await store.load()).toBeNull();
    expect(clearUserData).toHaveBeenCalledWith(expect.objectContaining({ sub: 'user-a' }));
    await expect(m.get()).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(manager().get()).rejects.toMatchObject({ code: 'not-signed-in' });
    expect(await m.status()).toEqual({ signedIn: false, clockOffsetMs: 0 });
  });

  it("replaces the session completely on another user's sign-in", async () => {
    const clearUserData = vi.fn(async (_session: Session) => {});
    const m = manager({ clearUserData });
    await m.signIn(idToken({}, clock.time));
    const b = await m.signIn(idToken({ sub: 'user-b', 'cognito:username': 'bob' }, clock.time));
    expect(b.identityId).toBe('us-east-1:user-b');
    expect(clearUserData).toHaveBeenCalledTimes(1);
    expect(clearUserData.mock.calls[0]![0].sub).toBe('user-a');
    const current = await m.get();
    expect(current.identityId).toBe('us-east-1:user-b');
    expect(current.credentials.secretAccessKey).toBe('secret-2');
    expect((await m.status()).username).toBe('bob');
  });

  it("keeps the identity id on the same user's sign-in", async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    await m.signIn(idToken({}, clock.time));
    expect([identity.getIdCalls, identity.getCredentialsCalls]).toEqual([1, 2]);
  });

  it.each([
    ['malformed-token', 'not-a-jwt'],
    ['wrong-token', idToken({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/other' })],
    ['wrong-token', idToken({ aud: 'another-client' })],
    ['wrong-token', idToken({ token_use: 'access' })],
  ])('refuses a bad token with %s and makes no Cognito call', async (code, token) => {
    await expect(manager().signIn(token)).rejects.toMatchObject({ code });
    expect(identity.getIdCalls + identity.getCredentialsCalls).toBe(0);
  });

  it("refuses an expired token with token-expired, asking Cognito only until it knows AWS's time", async () => {
    const m = manager();
    const expired = idToken({ exp: Math.floor(clock.time / 1000) - 3600 }, clock.time - 7200_000);
    await expect(m.signIn(expired)).rejects.toMatchObject({ code: 'token-expired' });
    expect(identity.getIdCalls).toBe(1);
    await expect(m.signIn(expired)).rejects.toMatchObject({ code: 'token-expired' });
    expect(identity.getIdCalls).toBe(1);
  });

  it('asks the pages for a fresh ID token once it has expired, and uses it', async () => {
    const requestToken = vi.fn(() => {
      void m.acceptToken(idToken({}, clock.time));
    });
    const m: CredentialManager = manager({ requestToken });
    await m.signIn(idToken({}, clock.time));
    clock.advance(5 * 3600_000); // both the credentials and the ID token have expired
    await m.get();
    expect(requestToken).toHaveBeenCalledTimes(1);
    expect(identity.getCredentialsCalls).toBe(2);
    const usedToken = Object.values(identity.logins[1]!)[0]!;
    const exp = JSON.parse(Buffer.from(usedToken.split('.')[1]!, 'base64url').toString()).exp;
    expect(exp * 1000).toBeGreaterThan(clock.time);
  });

  it('asks the pages for a fresh token once when Cognito refuses the stored one', async () => {
    const requestToken = vi.fn(() => {
      void m.acceptToken(idToken({}, clock.time));
    });
    const m: CredentialManager = manager({ requestToken });
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000);
    const original = identity.getCredentials.bind(identity);
    let refusals = 1;
    identity.getCredentials = async (id, logins) => {
      if (refusals-- > 0) {
        identity.getCredentialsCalls++;
        throw new IdentityError('token', 'NotAuthorizedException: Invalid login token.');
      }
      return original(id, logins);
    };
    await expect(m.get()).resolves.toMatchObject({ identityId: 'us-east-1:user-a' });
    expect(requestToken).toHaveBeenCalledTimes(1);
    expect(identity.getCredentialsCalls).toBe(3);
  });

  it('answers session-expired when no page supplies a token in time', async () => {
    const m = manager({ refreshPolicy: { tokenWaitMs: 20 } });
    await m.signIn(idToken({}, clock.time));
    clock.advance(5 * 3600_000);
    await expect(m.get()).rejects.toMatchObject({ code: 'session-expired' });
    expect(identity.getCredentialsCalls).toBe(1);
  });

  it('refuses a refreshed token for a different user', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    await expect(m.acceptToken(idToken({ sub: 'user-b' }, clock.time))).rejects.toMatchObject({
      code: 'user-mismatch',
    });
  });

  it('backs off while Cognito fails, so a burst of requests makes one call', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000);
    identity.failWith = new IdentityError(
      'unavailable',
      'Cognito GetCredentialsForIdentity failed: 500',
    );
    for (let i = 0; i < 20; i++) {
      await expect(m.get()).rejects.toMatchObject({ code: 'cognito-unavailable' });
    }
    expect(identity.getCredentialsCalls).toBe(2);
    clock.advance(1_000); // the first pause is over: one more attempt, then a longer pause
    await expect(m.get()).rejects.toMatchObject({ code: 'cognito-unavailable' });
    await expect(m.get()).rejects.toMatchObject({ code: 'cognito-unavailable' });
    expect(identity.getCredentialsCalls).toBe(3);
    identity.failWith = undefined;
    clock.advance(2_000);
    await expect(m.get()).resolves.toMatchObject({ identityId: 'us-east-1:user-a' });
    expect(identity.getCredentialsCalls).toBe(4);
  });

  it('keeps using unexpired credentials when a refresh fails', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    const first = (await m.get()).credentials;
    clock.advance(3600_000 - 30_000); // inside the hard margin, not yet expired
    identity.failWith = new IdentityError('unavailable', 'throttled');
    expect((await m.get()).credentials.accessKeyId).toBe(first.accessKeyId);
  });

  it('does not let a refresh that outlived a sign-out bring the session back', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000);
    identity.hold();
    const refresh = m.get();
    await m.signOut();
    identity.release();
    await expect(refresh).rejects.toMatchObject({ code: 'not-signed-in' });
    expect(await store.load()).toBeNull();
  });

  it("lets requests waiting on a refresh use the same user's new sign-in", async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000);
    identity.hold();
    const waiting = m.get();
    const again = m.signIn(idToken({}, clock.time));
    // Release Cognito only once the new sign-in is under way (its own call has been made).
    await vi.waitFor(() => expect(identity.getCredentialsCalls).toBe(3));
    identity.release();
    await again;
    await expect(waiting).resolves.toMatchObject({ identityId: 'us-east-1:user-a' });
  });

  it("never hands a request waiting on a refresh another user's credentials", async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000);
    identity.hold();
    // Settled early (during the other sign-in), so catch at once rather than leave it unhandled.
    const waiting = m.get().catch((error: unknown) => error);
    const other = m.signIn(idToken({ sub: 'user-b' }, clock.time));
    await vi.waitFor(() => expect(identity.getIdCalls).toBe(2));
    identity.release();
    await other;
    expect(await waiting).toMatchObject({ code: 'not-signed-in' });
  });

  it('replaces refused credentials once for all concurrent callers', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    const refused = (await m.get()).credentials;
    const replaced = await Promise.all([
      m.replace(refused),
      m.replace(refused),
      m.replace(refused),
    ]);
    expect(identity.getCredentialsCalls).toBe(2);
    expect(new Set(replaced.map((r) => r.credentials.accessKeyId)).size).toBe(1);
    await m.replace(refused); // already replaced: no further call
    expect(identity.getCredentialsCalls).toBe(2);
  });

  it('re-identifies once when Cognito no longer knows the identity', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000);
    const original = identity.getCredentials.bind(identity);
    let first = true;
    identity.getCredentials = async (id, logins) => {
      if (first) {
        first = false;
        identity.getCredentialsCalls++;
        throw new IdentityError('identity', 'ResourceNotFoundException');
      }
      return original(id, logins);
    };
    await m.get();
    expect(identity.getIdCalls).toBe(2);
  });

  it('uses a guest identity while signed out when guest access is configured', async () => {
    const m = manager({}, { ...CONFIG, guestAccess: true });
    const guest = await m.get();
    expect(guest.identityId).toBe('us-east-1:guest');
    expect(identity.logins[0]).toEqual({});
    expect((await m.status()).signedIn).toBe(false);
  });

  it('remembers the learned clock offset across restarts and judges expiry by it', async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    await m.learnServerTime(clock.time + 15 * 60_000);
    expect(m.clockOffsetMs).toBe(15 * 60_000);
    const restarted = manager();
    await restarted.get();
    expect(restarted.clockOffsetMs).toBe(15 * 60_000);
    // AWS's clock is 15 minutes ahead: credentials with 14 minutes left locally are expired there.
    clock.advance(3600_000 - 14 * 60_000);
    await restarted.get();
    expect(identity.getCredentialsCalls).toBe(2);
  });
});

describe('backoffDelay', () => {
  it('draws each pause uniformly below a doubling ceiling (full jitter)', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 1_000, 5_000, () => 1))).toEqual([
      1_000, 2_000, 4_000, 5_000,
    ]);
    expect(backoffDelay(3, 1_000, 5_000, () => 0)).toBe(0);
    expect(backoffDelay(3, 1_000, 5_000, () => 0.5)).toBe(2_000);
  });
});
