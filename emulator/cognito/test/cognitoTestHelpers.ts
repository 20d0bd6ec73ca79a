import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoRefreshToken,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RunningEmulator } from '../../index.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import { CONTROL_HEADER, CONTROL_PREFIX } from '../handleControl.ts';

/** An in-memory Storage for amazon-cognito-identity-js, one per test so sessions never leak between tests. */
export function memoryStorage(): ICognitoStorage {
  const items = new Map<string, string>();
  return {
    setItem: (key, value) => void items.set(key, value),
    getItem: (key) => items.get(key) ?? null,
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}

/** The real User Pool client library, pointed at the emulator. */
export function userPoolFor(emulator: RunningEmulator): CognitoUserPool {
  const { userPoolId, clientId } = emulator.state.settings;
  return new CognitoUserPool({
    UserPoolId: userPoolId,
    ClientId: clientId,
    endpoint: emulator.cognitoUrl,
    Storage: memoryStorage(),
  });
}

/** A CognitoUser of the emulator's pool. */
export function cognitoUser(emulator: RunningEmulator, username: string): CognitoUser {
  const pool = userPoolFor(emulator);
  return new CognitoUser({ Username: username, Pool: pool, Storage: memoryStorage() });
}

/** Signs in with amazon-cognito-identity-js (SRP unless the user's flow type was changed). */
export function signIn(user: CognitoUser, password: string): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => {
    user.authenticateUser(
      new AuthenticationDetails({ Username: user.getUsername(), Password: password }),
      { onSuccess: resolve, onFailure: reject },
    );
  });
}

/** Refreshes a session with the library's refreshSession. */
export function refresh(
  user: CognitoUser,
  token: CognitoRefreshToken,
): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => {
    user.refreshSession(token, (error: unknown, session: CognitoUserSession) =>
      error ? reject(error as Error) : resolve(session),
    );
  });
}

/** The User Pool SDK client, pointed at the emulator, never retrying so each call is one request. */
export function userPoolClientFor(emulator: RunningEmulator): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: emulator.state.settings.region,
    endpoint: emulator.cognitoUrl,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
}

/** The Identity Pool SDK client, pointed at the emulator, never retrying so each call is one request. */
export function identityClientFor(emulator: RunningEmulator): CognitoIdentityClient {
  return new CognitoIdentityClient({
    region: emulator.state.settings.region,
    endpoint: emulator.cognitoUrl,
    maxAttempts: 1,
  });
}

/** The Logins map for an ID token of the emulator's User Pool. */
export function loginsFor(emulator: RunningEmulator, idToken: string): Record<string, string> {
  const { region, userPoolId } = emulator.state.settings;
  return { [`cognito-idp.${region}.amazonaws.com/${userPoolId}`]: idToken };
}

/** Posts one AWS JSON request, returning status, headers and parsed body. */
export async function awsPost(
  emulator: RunningEmulator,
  target: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(emulator.cognitoUrl, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': target,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Calls a test control; `body` undefined means GET. */
export async function control(
  emulator: RunningEmulator,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.cognitoUrl}${CONTROL_PREFIX}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      [CONTROL_HEADER]: '1',
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Polls `check` until it returns true, for conditions another request brings about (no fixed sleeps). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What `useUserPoolEmulator` gives a test file once its `beforeAll` ran. */
export interface UserPoolSuite {
  /** The emulator of this file, on free ports with its own data folder. */
  readonly cognito: TestEmulator;
  /** An SDK User Pool client pointed at it. */
  readonly client: CognitoIdentityProviderClient;
}

/**
 * Starts an emulator and an SDK User Pool client before the file's tests and closes both after
 * them; with `resetAfterEach`, the emulator's state is reset after every test.
 */
export function useUserPoolEmulator({ resetAfterEach = false } = {}): UserPoolSuite {
  let started: UserPoolSuite | undefined;
  beforeAll(async () => {
    const cognito = await startTestEmulator();
    started = { cognito, client: userPoolClientFor(cognito.emulator) };
  });
  if (resetAfterEach)
    afterEach(async () => void (await control(started!.cognito.emulator, 'reset', {})));
  afterAll(async () => {
    started?.client.destroy();
    await started?.cognito.close();
  });
  const get = (): UserPoolSuite => {
    if (!started) throw new Error('useUserPoolEmulator: used before its beforeAll ran');
    return started;
  };
  return {
    get cognito() {
      return get().cognito;
    },
    get client() {
      return get().client;
    },
  };
}
