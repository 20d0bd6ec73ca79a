import type { UserManager } from 'oidc-client-ts';
import { describe, expect, it } from 'vitest';
import { createOidcFeed } from '../createOidcFeed.ts';
import type { OidcUser, OidcUserManager, OidcWorkerClient } from '../OidcUserManager.ts';

// oidc-client-ts's UserManager must fit the structural type, or consumers could not pass it.
type Fits = UserManager extends OidcUserManager ? true : false;
const fits: Fits = true;

const NOW = Date.UTC(2026, 0, 1);

/** An unsigned JWT with `iat` now and `exp` after `lifetimeSeconds`; the feed only decodes it. */
function idToken(sub: string, issuedAtMs: number, lifetimeSeconds = 3600): string {
  const part = (value: object) =>
    btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const iat = Math.floor(issuedAtMs / 1000);
  const claims = {
    sub,
    iss: 'https://issuer',
    aud: 'client',
    token_use: 'id',
    iat,
    exp: iat + lifetimeSeconds,
  };
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2ln`;
}

/** An OIDC client holding one user in memory, raising events as oidc-client-ts does (awaited). */
class MemoryUserManager implements OidcUserManager {
  user: OidcUser | null = null;
  renewals = 0;
  renewWith: () => Promise<OidcUser> = async () => ({ id_token: idToken('alice', NOW) });
  readonly loaded = new Set<(user: OidcUser) => Promise<void> | void>();
  readonly unloaded = new Set<() => Promise<void> | void>();
  readonly events = {
    addUserLoaded: (cb: (user: OidcUser) => Promise<void> | void) => {
      this.loaded.add(cb);
      return () => void this.loaded.delete(cb);
    },
    addUserUnloaded: (cb: () => Promise<void> | void) => {
      this.unloaded.add(cb);
      return () => void this.unloaded.delete(cb);
    },
  };

  async getUser() {
    return this.user;
  }
  async signinSilent() {
    this.renewals += 1;
    const user = await this.renewWith();
    await this.load(user);
    return user;
  }
  async load(user: OidcUser) {
    this.user = user;
    for (const cb of this.loaded) await cb(user);
  }
  async removeUser() {
    this.user = null;
    for (const cb of this.unloaded) await cb();
  }
}

/** The worker side as the feed sees it: what it was told, and a way to broadcast `signed-out`. */
class RecordingClient {
  readonly calls: string[] = [];
  readonly signedOut = new Set<() => void>();
  readonly client: OidcWorkerClient = {
    signIn: async (token: string) => {
      this.calls.push(`sign-in ${token}`);
      return { identityId: 'id', expiration: 0 };
    },
    signOut: async () => {
      this.calls.push('sign-out');
      return {};
    },
    on: ((type: string, listener: () => void) => {
      if (type === 'signed-out') this.signedOut.add(listener);
      return () => this.signedOut.delete(listener);
    }) as unknown as OidcWorkerClient['on'],
  };
  broadcastSignedOut() {
    for (const listener of this.signedOut) listener();
  }
}

describe('createOidcFeed', () => {
  it('types oidc-client-ts UserManager as a fitting OIDC client', () => {
    expect(fits).toBe(true);
  });

  it('hands the ID token of a sign-in to the worker', async () => {
    const manager = new MemoryUserManager();
    const worker = new RecordingClient();
    createOidcFeed(manager, { now: () => NOW }).connect(worker.client);
    const token = idToken('alice', NOW);
    await manager.load({ id_token: token });
    expect(worker.calls).toEqual([`sign-in ${token}`]);
  });

  it('answers token-needed with the stored ID token while it is fresh, renewing nothing', async () => {
    const manager = new MemoryUserManager();
    const token = idToken('alice', NOW);
    manager.user = { id_token: token };
    const feed = createOidcFeed(manager, { now: () => NOW + 60_000 });
    expect(await feed.refreshIdToken()).toBe(token);
    expect(manager.renewals).toBe(0);
  });

  it('renews an ID token near its expiry once, and does not also sign the worker in again', async () => {
    const manager = new MemoryUserManager();
    const worker = new RecordingClient();
    manager.user = { id_token: idToken('alice', NOW, 3600) };
    const renewed = idToken('alice', NOW + 3590_000);
    manager.renewWith = async () => ({ id_token: renewed });
    const feed = createOidcFeed(manager, { now: () => NOW + 3590_000 });
    feed.connect(worker.client);
    const answers = await Promise.all([feed.refreshIdToken(), feed.refreshIdToken()]);
    expect(answers).toEqual([renewed, renewed]);
    expect(manager.renewals).toBe(1);
    expect(worker.calls).toEqual([]);
  });

  it('renews a short-lived ID token a third of its lifetime before it expires', async () => {
    const manager = new MemoryUserManager();
    manager.user = { id_token: idToken('alice', NOW, 30) };
    const feed = createOidcFeed(manager, { now: () => NOW + 21_000 });
    await feed.refreshIdToken();
    expect(manager.renewals).toBe(1);
  });

  it('answers undefined without a user, or when the OIDC session is over', async () => {
    const manager = new MemoryUserManager();
    const feed = createOidcFeed(manager, { now: () => NOW + 7200_000 });
    expect(await feed.refreshIdToken()).toBeUndefined();
    manager.user = { id_token: idToken('alice', NOW) };
    manager.renewWith = () =>
      Promise.reject(Object.assign(new Error('refused'), { error: 'invalid_grant' }));
    expect(await feed.refreshIdToken()).toBeUndefined();
  });

  it('passes on a renewal that failed for another reason, such as the network', async () => {
    const manager = new MemoryUserManager();
    manager.user = { id_token: idToken('alice', NOW) };
    manager.renewWith = () => Promise.reject(new TypeError('Failed to fetch'));
    const feed = createOidcFeed(manager, { now: () => NOW + 7200_000 });
    await expect(feed.refreshIdToken()).rejects.toThrow('Failed to fetch');
  });

  it('signs the worker out when the user is removed', async () => {
    const manager = new MemoryUserManager();
    const worker = new RecordingClient();
    createOidcFeed(manager).connect(worker.client);
    manager.user = { id_token: idToken('alice', NOW) };
    await manager.removeUser();
    expect(worker.calls).toEqual(['sign-out']);
  });

  it('removes the user when the worker signs out, without telling the worker back', async () => {
    const manager = new MemoryUserManager();
    const worker = new RecordingClient();
    createOidcFeed(manager).connect(worker.client);
    manager.user = { id_token: idToken('alice', NOW) };
    let removed!: () => void;
    const done = new Promise<void>((resolve) => (removed = resolve));
    manager.events.addUserUnloaded(() => removed());
    worker.broadcastSignedOut();
    await done;
    expect(manager.user).toBeNull();
    expect(worker.calls).toEqual([]);
  });

  it('stops following both sides once disconnected', async () => {
    const manager = new MemoryUserManager();
    const worker = new RecordingClient();
    const stop = createOidcFeed(manager).connect(worker.client);
    stop();
    await manager.load({ id_token: idToken('alice', NOW) });
    await manager.removeUser();
    expect(worker.calls).toEqual([]);
    expect(worker.signedOut.size).toBe(0);
  });
});
