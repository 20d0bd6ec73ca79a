import { createStore } from 'idb-keyval';
import type { SignedApi, SigningConfig } from '../../../shared/config.ts';
import { parseApiUrl } from '../../../shared/config.ts';
import { readApiRequest } from '../ApiRequest.ts';
import { CredentialManager, type CredentialManagerOptions } from '../CredentialManager.ts';
import { fetchSigned, type SignedFetchContext } from '../fetchSigned.ts';
import { IdentityError, type AwsCredentials, type IdentityApi } from '../IdentityApi.ts';
import { SessionStore } from '../SessionStore.ts';

export const CONFIG: SigningConfig = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_Test',
  userPoolClientId: 'client123',
  identityPoolId: 'us-east-1:pool',
  apis: [parseApiUrl('https://api.example.com/dev', 'us-east-1')],
  authFlow: 'USER_SRP_AUTH',
  guestAccess: false,
};

const ISSUER = `https://cognito-idp.${CONFIG.region}.amazonaws.com/${CONFIG.userPoolId}`;

/** An unsigned JWT with Cognito ID token claims; the worker never verifies signatures (Cognito does). */
export function idToken(claims: Record<string, unknown> = {}, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const payload = {
    sub: 'user-a',
    iss: ISSUER,
    aud: CONFIG.userPoolClientId,
    token_use: 'id',
    'cognito:username': 'alice',
    iat,
    // Longer than the credentials, so tests choose which of the two expires.
    exp: iat + 4 * 3600,
    ...claims,
  };
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k' })}.${part(payload)}.c2ln`;
}

function claims(token: string): { sub: string; exp: number } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    sub: string;
    exp: number;
  };
}

/** A controllable Identity Pool: counts calls, issues credentials of a set lifetime, can fail. */
export class FakeIdentity implements IdentityApi {
  getIdCalls = 0;
  getCredentialsCalls = 0;
  lifetimeMs = 3600_000;
  /** How far AWS's clock is from the test's local one. */
  serverOffsetMs = 0;
  #onServerTime: ((serverTimeMs: number) => void) | undefined;
  /** Throws this from the next calls, if set. */
  failWith: Error | undefined;
  /** Calls made from now on wait on this gate. */
  #gate: Promise<void> | undefined;
  readonly #openers: (() => void)[] = [];
  readonly logins: Record<string, string>[] = [];

  constructor(private readonly now: () => number) {}

  /** Holds calls made from now on; returns a function that lets just those go. */
  hold(): () => void {
    let open!: () => void;
    this.#gate = new Promise((resolve) => (open = resolve));
    this.#openers.push(open);
    return open;
  }

  /** Lets calls made from now on through; held ones stay held. */
  stopHolding(): void {
    this.#gate = undefined;
  }

  /** Lets every held call go, and stops holding new ones. */
  release(): void {
    for (const open of this.#openers.splice(0)) open();
    this.#gate = undefined;
  }

  observeServerTime(listener: (serverTimeMs: number) => void): void {
    this.#onServerTime = listener;
  }

  async getId(logins: Record<string, string>): Promise<string> {
    this.getIdCalls++;
    await this.#gate;
    this.#answer(logins);
    const token = Object.values(logins)[0];
    if (!token) return 'us-east-1:guest';
    return `us-east-1:${claims(token).sub}`;
  }

  /** Tells the time (as Cognito's Date header does), then fails as set, or as Cognito would. */
  #answer(logins: Record<string, string>): void {
    const serverNow = this.now() + this.serverOffsetMs;
    this.#onServerTime?.(serverNow);
    if (this.failWith) throw this.failWith;
    const token = Object.values(logins)[0];
    if (token && claims(token).exp * 1000 <= serverNow) {
      throw new IdentityError(
        'token',
        'NotAuthorizedException: Invalid login token. Token expired',
      );
    }
  }

  async getCredentials(
    identityId: string,
    logins: Record<string, string>,
  ): Promise<AwsCredentials> {
    this.getCredentialsCalls++;
    this.logins.push(logins);
    await this.#gate;
    this.#answer(logins);
    const n = this.getCredentialsCalls;
    return {
      accessKeyId: `ASIA${identityId.slice(-6).toUpperCase()}${n}`,
      secretAccessKey: `secret-${n}`,
      sessionToken: `token-${n}`,
      expiration: this.now() + this.serverOffsetMs + this.lifetimeMs,
    };
  }
}

/** Timers that run only when the test says (the idle refresh's); each task with the time it is due. */
export class Timers {
  tasks: { task: () => void; at: number }[] = [];
  constructor(private readonly clock: Clock) {}
  set = (task: () => void, ms: number) => {
    const entry = { task, at: this.clock.time + ms };
    this.tasks.push(entry);
    return () => void (this.tasks = this.tasks.filter((t) => t !== entry));
  };
  /** Runs the tasks due by the clock's time now. */
  runDue(): void {
    const due = this.tasks.filter((t) => t.at <= this.clock.time);
    this.tasks = this.tasks.filter((t) => t.at > this.clock.time);
    for (const { task } of due) task();
  }
}

/** A clock the test moves by hand. */
export class Clock {
  constructor(public time = Date.UTC(2026, 10, 26, 12)) {}
  now = () => this.time;
  advance(ms: number) {
    this.time += ms;
  }
}

let dbCount = 0;

/** A clock, a fake Identity Pool and a fresh IndexedDB store (needs fake-indexeddb), and a way to make managers over them. */
export function harness() {
  const clock = new Clock();
  const timers = new Timers(clock);
  const identity = new FakeIdentity(clock.now);
  // A fresh database per harness: fake-indexeddb is process-wide.
  const db = createStore(`test-${++dbCount}`, 'keyval');
  const store = new SessionStore(db);
  const manager = (options: CredentialManagerOptions = {}, config = CONFIG) =>
    new CredentialManager(config, {
      identity,
      store,
      now: clock.now,
      // The top of each backoff pause, and timers under the test's control.
      random: () => 1,
      setTimer: timers.set,
      ...options,
    });
  return { clock, timers, identity, db, store, manager };
}

/** A promise settled from outside, to hold a step of the code under test at a chosen point. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Reads a request as the layer's route does, then signs and sends it (or the route's refusal). */
export async function readAndFetchSigned(
  request: Request,
  api: SignedApi,
  context: SignedFetchContext,
): Promise<Response> {
  const call = await readApiRequest(request, api);
  return call instanceof Response ? call : fetchSigned(call, context);
}
