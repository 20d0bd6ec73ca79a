import { checkAllowedOrigins } from '../../backend/index.ts';
import type { EmulatorState, Fault } from '../EmulatorState.ts';
import { checkRelyingPartyId, checkUserVerification } from '../settings.ts';
import type { UserPool } from './UserPool.ts';

/** Path prefix of the test controls. */
export const CONTROL_PREFIX = '/__emulator/';
/**
 * Header every control request must carry. A page can only send a custom header after a CORS
 * preflight, which the controls refuse, so another site cannot reset data, revoke credentials or
 * read confirmation codes, not even with a form post or a `no-cors` fetch.
 */
export const CONTROL_HEADER = 'X-Emulator-Control';

/** A control's answer: status and JSON body. */
export interface ControlResponse {
  status: number;
  body: unknown;
}

/** What the controls act on besides the shared state. */
export interface ControlContext {
  state: EmulatorState;
  userPool: UserPool;
  /** Ends every request a `hang` fault is holding. */
  releaseHung(): void;
}

const FAULT_KINDS: readonly Fault['kind'][] = ['error500', 'throttle', 'hang', 'bad-gateway'];
/** Operation names of API faults start with this; see `Fault.operation`. */
export const API_FAULT_PREFIX = 'API ';
const TTL_SETTINGS = [
  'credentialsTtlSeconds',
  'tokenTtlSeconds',
  'refreshTokenTtlSeconds',
  'emailOtpTtlSeconds',
] as const;

function fail(status: number, error: string): ControlResponse {
  return { status, body: { error } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Answers a `/__emulator/...` request; `body` is the parsed JSON body (`{}` when empty). */
export function handleControl(
  context: ControlContext,
  method: string,
  url: URL,
  body: unknown,
): ControlResponse {
  const { state } = context;
  const name = url.pathname.slice(CONTROL_PREFIX.length);
  const expected: Record<string, string> = {
    counts: 'GET',
    'confirmation-code': 'GET',
    mailbox: 'GET',
    reset: 'POST',
    clock: 'POST',
    settings: 'POST',
    'credentials/expire': 'POST',
    'credentials/revoke': 'POST',
    faults: 'POST',
  };
  const allowed = expected[name];
  if (!allowed) return fail(404, `Unknown control ${url.pathname}`);
  if (method !== allowed) return fail(405, `${url.pathname} takes ${allowed}, not ${method}`);
  if (!isObject(body)) return fail(400, 'The body must be a JSON object');

  switch (name) {
    case 'counts':
      return { status: 200, body: { counts: Object.fromEntries(state.counts) } };
    case 'confirmation-code': {
      const username = url.searchParams.get('username');
      if (!username) return fail(400, 'username is a required query parameter');
      const code = context.userPool.store.get(username)?.confirmationCode;
      if (!code) return fail(404, `No pending confirmation code for "${username}"`);
      return { status: 200, body: { code } };
    }
    case 'mailbox': {
      // The codes the pool e-mailed a user (sign-up and EMAIL_OTP), oldest first.
      const username = url.searchParams.get('username');
      if (!username) return fail(400, 'username is a required query parameter');
      return { status: 200, body: { messages: context.userPool.mailbox.read(username) } };
    }
    case 'reset':
      state.reset();
      context.releaseHung();
      return { status: 200, body: {} };
    case 'clock': {
      const { offsetSeconds } = body;
      if (typeof offsetSeconds !== 'number' || !Number.isFinite(offsetSeconds)) {
        return fail(400, 'offsetSeconds must be a finite number');
      }
      state.clockOffsetMs = offsetSeconds * 1000;
      return { status: 200, body: { offsetSeconds } };
    }
    case 'settings':
      return updateSettings(state, body);
    case 'credentials/expire':
    case 'credentials/revoke': {
      const { accessKeyId } = body;
      if (accessKeyId !== undefined && typeof accessKeyId !== 'string') {
        return fail(400, 'accessKeyId must be a string');
      }
      const targets =
        accessKeyId === undefined
          ? [...state.credentials.values()]
          : [state.credentials.get(accessKeyId)].filter((c) => c !== undefined);
      if (accessKeyId !== undefined && targets.length === 0) {
        return fail(404, `No credentials with access key id ${accessKeyId}`);
      }
      const now = state.now();
      for (const credentials of targets) {
        if (name === 'credentials/expire') credentials.expiresAt = now - 1;
        else credentials.revoked = true;
      }
      return { status: 200, body: { count: targets.length } };
    }
    default:
      return armFault(state, body);
  }
}

const WEBAUTHN_SETTINGS = [
  'webAuthnRelyingPartyId',
  'webAuthnAllowedOrigins',
  'webAuthnUserVerification',
] as const;

/** The passkey settings of a settings body, checked; a string says what is wrong. */
function readWebAuthnSettings(
  body: Record<string, unknown>,
): Partial<Pick<EmulatorState['settings'], (typeof WEBAUTHN_SETTINGS)[number]>> | string {
  const { webAuthnRelyingPartyId: rpId, webAuthnAllowedOrigins: origins } = body;
  const { webAuthnUserVerification: uv } = body;
  try {
    return {
      ...(rpId !== undefined && { webAuthnRelyingPartyId: checkRelyingPartyId(String(rpId)) }),
      ...(origins !== undefined && {
        webAuthnAllowedOrigins:
          Array.isArray(origins) && origins.length === 0
            ? []
            : checkAllowedOrigins(Array.isArray(origins) ? origins.map(String) : [String(origins)]),
      }),
      ...(uv !== undefined && { webAuthnUserVerification: checkUserVerification(String(uv)) }),
    };
  } catch (error) {
    // The checks throw TypeErrors that say what is wrong; anything else is a bug to surface.
    if (error instanceof TypeError) return error.message;
    throw error;
  }
}

function updateSettings(state: EmulatorState, body: Record<string, unknown>): ControlResponse {
  const known = new Set<string>([
    ...TTL_SETTINGS,
    'allowGuests',
    'apiLatencyMs',
    'rotateMainClient',
    'refreshTokenGraceSeconds',
    ...WEBAUTHN_SETTINGS,
  ]);
  const unknown = Object.keys(body).filter((key) => !known.has(key));
  if (unknown.length > 0) return fail(400, `Unknown settings: ${unknown.join(', ')}`);
  const webAuthn = readWebAuthnSettings(body);
  if (typeof webAuthn === 'string') return fail(400, webAuthn);
  for (const key of TTL_SETTINGS) {
    const value = body[key];
    if (
      value !== undefined &&
      (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    ) {
      return fail(400, `${key} must be a positive number of seconds`);
    }
  }
  for (const key of ['allowGuests', 'rotateMainClient'] as const) {
    if (body[key] !== undefined && typeof body[key] !== 'boolean') {
      return fail(400, `${key} must be a boolean`);
    }
  }
  const grace = body.refreshTokenGraceSeconds;
  if (
    grace !== undefined &&
    (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace > 60)
  ) {
    // The range of RetryGracePeriodSeconds in Cognito's API.
    return fail(400, 'refreshTokenGraceSeconds must be an integer from 0 to 60');
  }
  const { apiLatencyMs } = body;
  if (
    apiLatencyMs !== undefined &&
    (typeof apiLatencyMs !== 'number' || !Number.isFinite(apiLatencyMs) || apiLatencyMs < 0)
  ) {
    return fail(400, 'apiLatencyMs must be a non-negative number of milliseconds');
  }
  if (typeof apiLatencyMs === 'number') state.settings.apiLatencyMs = apiLatencyMs;
  for (const key of TTL_SETTINGS) {
    const value = body[key];
    if (typeof value === 'number') state.settings[key] = value;
  }
  if (typeof body.allowGuests === 'boolean') state.settings.allowGuests = body.allowGuests;
  Object.assign(state.settings, webAuthn);
  if (typeof body.rotateMainClient === 'boolean') {
    state.settings.rotateMainClient = body.rotateMainClient;
  }
  if (typeof grace === 'number') state.settings.refreshTokenGraceSeconds = grace;
  const {
    credentialsTtlSeconds,
    tokenTtlSeconds,
    refreshTokenTtlSeconds,
    emailOtpTtlSeconds,
    allowGuests,
    rotateMainClient,
    refreshTokenGraceSeconds,
  } = state.settings;
  return {
    status: 200,
    body: {
      credentialsTtlSeconds,
      tokenTtlSeconds,
      refreshTokenTtlSeconds,
      emailOtpTtlSeconds,
      allowGuests,
      rotateMainClient,
      refreshTokenGraceSeconds,
      apiLatencyMs: state.settings.apiLatencyMs,
      webAuthnRelyingPartyId: state.settings.webAuthnRelyingPartyId,
      webAuthnAllowedOrigins: state.settings.webAuthnAllowedOrigins,
      webAuthnUserVerification: state.settings.webAuthnUserVerification,
    },
  };
}

function armFault(state: EmulatorState, body: Record<string, unknown>): ControlResponse {
  const { operation, kind, times } = body;
  if (typeof operation !== 'string' || operation === '') {
    return fail(400, 'operation must be an operation name, e.g. GetCredentialsForIdentity');
  }
  if (!FAULT_KINDS.includes(kind as Fault['kind'])) {
    return fail(400, `kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const api = operation.startsWith(API_FAULT_PREFIX);
  if (api ? kind === 'hang' : kind === 'bad-gateway') {
    return fail(
      400,
      `kind ${String(kind)} is for ${api ? 'Cognito operations' : 'API requests'} only`,
    );
  }
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    return fail(400, 'times must be a positive integer');
  }
  state.faults.push({ operation, kind: kind as Fault['kind'], remaining: times ?? Infinity });
  return { status: 200, body: {} };
}
