import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { issueCredentials } from '../../api/test/apiTestHelpers.ts';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import type { RunningEmulator } from '../../index.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';

/** An aws4fetch client for the credentials, signing for `service` in us-east-1. */
export function serviceClient(credentials: IssuedCredentials, service: string): AwsClient {
  return new AwsClient({
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    service,
    region: 'us-east-1',
    retries: 0,
  });
}

/** The hex SHA-256 of a body, as `x-amz-content-sha256` carries it. */
export function sha256Hex(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** Sets the emulator clock so that it reads `ms` now. */
export function setServerClock(emulator: RunningEmulator, ms: number): void {
  emulator.state.clockOffsetMs = ms - Date.now();
}

/** Status, the headers a dialect reads, and the parsed body of an answer. */
export async function answerOf(
  response: Response,
): Promise<{ status: number; errorType: string | null; body: unknown }> {
  const text = await response.text();
  return {
    status: response.status,
    errorType: response.headers.get('x-amzn-ErrorType'),
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** 2026-11-26T02:15:00Z, on a whole second so the server's clock lands in the same second. */
export const SERVER_NOW = Date.UTC(2026, 10, 26, 2, 15, 0);

/** AWS's past-skew text for a request signed at 02:00:00 against a server at SERVER_NOW. */
export const PAST_SKEW =
  'Signature expired: 20261126T020000Z is now earlier than 20261126T021000Z (20261126T021500Z - 5 min.)';

/** AWS's future-skew text for a request signed at 02:30:00 against a server at SERVER_NOW. */
export const FUTURE_SKEW =
  'Signature not yet current: 20261126T023000Z is still later than 20261126T022000Z (20261126T021500Z + 5 min.)';

/** What a service's test file works with: the emulator, credentials it issued, the service's URL. */
export interface ServiceTest {
  stack: TestEmulator;
  credentials: IssuedCredentials;
  url: string;
}

/**
 * Starts the emulator for a test file (closed after it), issues credentials and hands them with the
 * URL of `endpoint` to `ready`; the emulator's clock is put back after each test.
 */
export function useServiceEmulator(
  endpoint: 'functionUrl' | 'httpApiUrl' | 'appSyncUrl',
  ready: (test: ServiceTest) => void,
): void {
  let stack: TestEmulator | undefined;
  beforeAll(async () => {
    stack = await startTestEmulator();
    ready({ stack, credentials: issueCredentials(stack.emulator), url: stack.emulator[endpoint] });
  });
  afterAll(() => stack?.close());
  afterEach(() => {
    if (stack) stack.emulator.state.clockOffsetMs = 0;
  });
}
