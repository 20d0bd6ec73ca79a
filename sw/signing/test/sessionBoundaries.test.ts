import 'fake-indexeddb/auto';
import { set } from 'idb-keyval';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IdentityError } from '../IdentityApi.ts';
import type { Session } from '../SessionStore.ts';
import { CONFIG, deferred, harness, idToken } from './fixtures.ts';

let { clock, identity, db, store, manager } = harness();

beforeEach(() => {
  ({ clock, identity, db, store, manager } = harness());
});

const GUESTS = { ...CONFIG, guestAccess: true };
const bob = () => idToken({ sub: 'user-b', 'cognito:username': 'bob' }, clock.time);

describe('session boundaries', () => {
  it("never keeps the previous user's refresh when another user's sign-in fails meanwhile", async () => {
    const clearing = deferred();
    const m = manager({ clearUserData: () => clearing.promise });
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000);
    identity.hold();
    const refresh = m.get().catch((error: unknown) => error);
    await vi.waitFor(() => expect(identity.getCredentialsCalls).toBe(2));
    // Bob's sign-in ends Alice's session; clearing her data is slow, and her refresh lands meanwhile.
    const signIn = m.signIn(bob()).catch((error: unknown) => error);
    identity.release();
    expect(await refresh).toMatchObject({ code: 'not-signed-in' });
    identity.failWith = new IdentityError('unavailable', 'Cognito GetId failed: 500');
    clearing.resolve();
    expect(await signIn).toMatchObject({ code: 'cognito-unavailable' });
    expect(await m.status()).toEqual({ signedIn: false, clockOffsetMs: 0 });
    expect(await store.load()).toBeNull();
    identity.failWith = undefined;
    await expect(m.get()).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('never merges a guest refresh into a user who signs in meanwhile', async () => {
    const m = manager({}, GUESTS);
    identity.hold();
    const signIn = m.signIn(idToken({}, clock.time));
    await vi.waitFor(() => expect(identity.getIdCalls).toBe(1));
    // A request made during the sign-in waits for it instead of fetching guest credentials.
    const during = m.get();
    identity.release();
    await signIn;
    const signed = await during;
    expect(signed.identityId).toBe('us-east-1:user-a');
    const now = await m.get();
    expect(now.identityId).toBe('us-east-1:user-a');
    expect(now.credentials.accessKeyId).toMatch(/^ASIAUSER-A/);
    expect(await store.load()).toMatchObject({ kind: 'user', identityId: 'us-east-1:user-a' });
    expect(identity.logins.every((logins) => Object.keys(logins).length === 1)).toBe(true);
  });

  it("never lets a guest session's refresh land after a user signed in", async () => {
    const m = manager({}, GUESTS);
    await m.get();
    clock.advance(3600_000);
    identity.hold();
    const guestRefresh = m.get().catch((error: unknown) => error);
    await vi.waitFor(() => expect(identity.getCredentialsCalls).toBe(2));
    const signIn = m.signIn(idToken({}, clock.time));
    identity.release();
    await signIn;
    expect(await guestRefresh).toMatchObject({ code: 'not-signed-in' });
    const now = await m.get();
    expect(now.identityId).toBe('us-east-1:user-a');
    expect(await store.load()).toMatchObject({ kind: 'user', identityId: 'us-east-1:user-a' });
  });

  it("does not let a finished refresh clear a newer refresh's bookkeeping", async () => {
    const m = manager({}, GUESTS);
    await m.signIn(idToken({}, clock.time));
    clock.advance(3600_000);
    const letAliceGo = identity.hold();
    const alice = m.get().catch((error: unknown) => error);
    await vi.waitFor(() => expect(identity.getCredentialsCalls).toBe(2));
    await m.signOut();
    identity.hold();
    const guest = m.get();
    await vi.waitFor(() => expect(identity.getIdCalls).toBe(2));
    letAliceGo();
    expect(await alice).toMatchObject({ code: 'not-signed-in' });
    // The guest refresh is still running: this request must share it, not start another.
    const alsoGuest = m.get();
    identity.release();
    const [a, b] = await Promise.all([guest, alsoGuest]);
    expect(a.credentials).toBe(b.credentials);
    expect([identity.getIdCalls, identity.getCredentialsCalls]).toEqual([2, 3]);
  });

  it("never hands a refresh's waiters credentials issued for an earlier sign-in of another user", async () => {
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    const alices = (await m.get()).credentials;
    await m.signIn(bob());
    await expect(m.replace(alices)).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('ends the session at once when no page has a token, failing waiting requests with session-expired', async () => {
    const clearUserData = vi.fn(async () => {});
    const requestToken = vi.fn();
    const m = manager({ requestToken, clearUserData, refreshPolicy: { tokenWaitMs: 60_000 } });
    await m.signIn(idToken({}, clock.time));
    clock.advance(5 * 3600_000); // the ID token and the credentials have expired
    const waiting = Array.from({ length: 3 }, () => m.get().catch((error: unknown) => error));
    await vi.waitFor(() => expect(requestToken).toHaveBeenCalledTimes(1));
    expect(await m.endExpiredSession()).toBe(true);
    for (const result of await Promise.all(waiting)) {
      expect(result).toMatchObject({ code: 'session-expired' });
    }
    expect(clearUserData).toHaveBeenCalledTimes(1);
    expect(await store.load()).toBeNull();
    expect((await m.status()).signedIn).toBe(false);
    expect(identity.getCredentialsCalls).toBe(1);
  });

  it('ends nothing on a no-token nobody asked for', async () => {
    const guest = manager({}, GUESTS);
    await guest.get();
    expect(await guest.endExpiredSession()).toBe(false);
    expect(await store.load()).toMatchObject({ kind: 'guest' });
    const m = manager();
    await m.signIn(idToken({}, clock.time));
    expect(await m.endExpiredSession()).toBe(false);
    expect((await m.status()).signedIn).toBe(true);
  });

  it('asks every tab when the elected one does not answer in time', async () => {
    const requestToken = vi.fn((fallOver: boolean) => {
      if (fallOver) void m.acceptToken(idToken({}, clock.time));
    });
    const m = manager({
      requestToken,
      refreshPolicy: { tokenWaitMs: 60_000, tokenFallOverMs: 10 },
    });
    await m.signIn(idToken({}, clock.time));
    clock.advance(5 * 3600_000);
    await expect(m.get()).resolves.toMatchObject({ identityId: 'us-east-1:user-a' });
    expect(requestToken.mock.calls).toEqual([[false], [true]]);
  });
});

describe('two worker instances over one IndexedDB (a worker update)', () => {
  it('keeps a session stored by the version before epochs, with no Cognito call', async () => {
    const old = manager();
    await old.signIn(idToken({}, clock.time));
    const before: Partial<Session> = { ...(await store.load())! };
    delete before.epoch;
    await set('session', { v: 1, session: before }, db);
    const next = manager();
    expect((await next.get()).credentials.secretAccessKey).toBe('secret-1');
    expect((await next.status()).signedIn).toBe(true);
    expect(identity.getCredentialsCalls).toBe(1);
  });

  it('a new instance keeps signing with the session the old one stored, with no Cognito call', async () => {
    const old = manager();
    await old.signIn(idToken({}, clock.time));
    const next = manager();
    expect((await next.get()).credentials.secretAccessKey).toBe('secret-1');
    expect([identity.getIdCalls, identity.getCredentialsCalls]).toEqual([1, 1]);
  });

  it('the old instance never writes a session back after the new one signed out', async () => {
    const old = manager();
    await old.signIn(idToken({}, clock.time));
    const next = manager();
    await next.status();
    clock.advance(3600_000);
    identity.hold();
    const refresh = old.get().catch((error: unknown) => error);
    await vi.waitFor(() => expect(identity.getCredentialsCalls).toBe(2));
    await next.signOut();
    identity.release();
    expect(await refresh).toMatchObject({ code: 'not-signed-in' });
    expect(await store.load()).toBeNull();
    await expect(old.get()).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(manager().get()).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it("the old instance never overwrites another user's session the new one stored", async () => {
    const old = manager();
    await old.signIn(idToken({}, clock.time));
    const next = manager();
    await next.status();
    clock.advance(3600_000);
    const letAliceGo = identity.hold();
    const refresh = old.get().catch((error: unknown) => error);
    await vi.waitFor(() => expect(identity.getCredentialsCalls).toBe(2));
    identity.stopHolding();
    await next.signIn(bob());
    letAliceGo();
    expect(await refresh).toMatchObject({ code: 'not-signed-in' });
    expect(await store.load()).toMatchObject({ sub: 'user-b' });
  });
});
