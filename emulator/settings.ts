import { randomBytes } from 'node:crypto';
import { checkAllowedOrigins } from '../backend/index.ts';

/** Everything the emulator can be told; each field has an environment variable (see `settingsFromEnv`). */
export interface EmulatorSettings {
  region: string;
  userPoolId: string;
  clientId: string;
  /**
   * A second app client of the pool, with refresh token rotation on (and so REFRESH_TOKEN_AUTH off):
   * GetTokensFromRefreshToken answers a new refresh token each time.
   */
  rotatingClientId: string;
  /** Refresh token rotation on the main app client too (test control; off, as on today's app clients). */
  rotateMainClient: boolean;
  /**
   * RetryGracePeriodSeconds of the rotating clients (0-60): how long a rotated-out refresh token still
   * works. 0 (grace off) is what the API takes when the value is left out.
   */
  refreshTokenGraceSeconds: number;
  identityPoolId: string;
  /** Account id used in ARNs and identity ids. */
  accountId: string;
  /** API Gateway stage name, the first path segment of every API URL. */
  stage: string;
  /** Lifetime of ID and access tokens, seconds. Cognito's default is 3600. */
  tokenTtlSeconds: number;
  /** Lifetime of refresh tokens, seconds. Cognito's default is 30 days. */
  refreshTokenTtlSeconds: number;
  /** Lifetime of Identity Pool credentials, seconds. AWS issues one hour. */
  credentialsTtlSeconds: number;
  /**
   * How long an EMAIL_OTP sign-in code may be answered, seconds. 180, as long as Cognito's sign-in
   * sessions last by default (AuthSessionValidity, 3 minutes).
   */
  emailOtpTtlSeconds: number;
  /** Whether GetId without logins creates a guest (unauthenticated) identity. */
  allowGuests: boolean;
  demoUser: string;
  demoPassword: string;
  demoEmail: string;
  /** Folder for state kept across restarts (users, notes). */
  dataDir: string;
  cognitoPort: number;
  apiPort: number;
  /** Port of the Lambda Function URL (service `lambda`). */
  functionUrlPort: number;
  /** Port of the API Gateway HTTP API `$default` stage (service `execute-api`, v2). */
  httpApiPort: number;
  /** Port of the AppSync GraphQL API (service `appsync`). */
  appSyncPort: number;
  /** Address every server listens on; loopback only. */
  host: string;
  /** Print one log line per request. */
  log: boolean;
  /** Added to every API Gateway answer, to stand for a real network round trip (benchmarks). */
  apiLatencyMs: number;
  /** Origins the API's CORS policy allows: exact, or `http://host:*` for any port. */
  allowedOrigins: string[];
  /**
   * Relying party id of passkeys (Cognito's WebAuthnConfiguration.RelyingPartyId). Browsers refuse IP
   * addresses as RP IDs, so the default is `localhost` and pages using passkeys open on localhost.
   */
  webAuthnRelyingPartyId: string;
  /**
   * Origins allowed in passkey ceremonies: exact, or `http://host:*` for any port. Empty means
   * http://localhost on any port and http(s) on the RP ID's host and its subdomains.
   */
  webAuthnAllowedOrigins: string[];
  /** Cognito's WebAuthnConfiguration.UserVerification: `required` refuses passkeys that did not verify the user. */
  webAuthnUserVerification: 'preferred' | 'required';
  /** Allowed callback URLs of the app client (managed login): exact, or with `:*` for any port. */
  callbackUrls: string[];
  /** The app client's allowed sign-out URLs (`/logout?logout_uri=`), in the same form. */
  logoutUrls: string[];
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_Emulator1',
  clientId: 'emulatorclient0000000000001',
  rotatingClientId: 'emulatorrotating00000000001',
  rotateMainClient: false,
  refreshTokenGraceSeconds: 0,
  identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000001',
  accountId: '000000000000',
  stage: 'dev',
  tokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  credentialsTtlSeconds: 3600,
  emailOtpTtlSeconds: 180,
  allowGuests: false,
  demoUser: 'demo',
  demoPassword: 'Passw0rd!',
  demoEmail: 'demo@example.com',
  dataDir: '.emulator-data',
  cognitoPort: 9229,
  apiPort: 9230,
  functionUrlPort: 9231,
  httpApiPort: 9232,
  appSyncPort: 9233,
  host: '127.0.0.1',
  log: true,
  apiLatencyMs: 0,
  // The app on loopback under any port: Vite's dev server, `vite preview`, the tests' free ports.
  allowedOrigins: ['http://127.0.0.1:*', 'http://localhost:*'],
  webAuthnRelyingPartyId: 'localhost',
  webAuthnAllowedOrigins: [],
  // Cognito's default when a pool's WebAuthnConfiguration sets none.
  webAuthnUserVerification: 'preferred',
  // The app's root on loopback under any port, where the demo handles the managed-login redirect.
  callbackUrls: ['http://127.0.0.1:*/', 'http://localhost:*/'],
  logoutUrls: ['http://127.0.0.1:*/', 'http://localhost:*/'],
};

/** The user verification values of Cognito's WebAuthnConfiguration. */
const USER_VERIFICATION = ['preferred', 'required'] as const;

/**
 * Returns `rpId` if it can be a WebAuthn relying party id: a lowercase host name, no scheme, port or
 * path, and not an IP address (browsers refuse those, WebAuthn §5.1.3 needs a registrable domain or
 * localhost).
 */
export function checkRelyingPartyId(rpId: string): string {
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  if (!new RegExp(`^${label}(?:\\.${label})*$`).test(rpId) || /^[\d.]+$/.test(rpId)) {
    throw new TypeError(
      `WebAuthn relying party id "${rpId}" must be a lowercase host name such as localhost or example.com, not an IP address or URL`,
    );
  }
  return rpId;
}

/** Returns `value` if it is `preferred` or `required`. */
export function checkUserVerification(value: string): EmulatorSettings['webAuthnUserVerification'] {
  const found = USER_VERIFICATION.find((v) => v === value);
  if (!found)
    throw new TypeError(`WebAuthn user verification must be preferred or required, got "${value}"`);
  return found;
}

/** Reads `EMULATOR_*` variables over the defaults. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorSettings {
  const s = { ...DEFAULT_SETTINGS };
  const str = (name: string, fallback: string) => env[name] ?? fallback;
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0)
      throw new TypeError(`${name} must be a non-negative number, got "${raw}"`);
    return n;
  };
  s.region = str('EMULATOR_REGION', s.region);
  s.userPoolId = str('EMULATOR_USER_POOL_ID', s.userPoolId);
  s.clientId = str('EMULATOR_CLIENT_ID', s.clientId);
  s.rotatingClientId = str('EMULATOR_ROTATING_CLIENT_ID', s.rotatingClientId);
  s.refreshTokenGraceSeconds = num('EMULATOR_REFRESH_TOKEN_GRACE', s.refreshTokenGraceSeconds);
  if (s.refreshTokenGraceSeconds > 60) {
    throw new TypeError('EMULATOR_REFRESH_TOKEN_GRACE must be at most 60 (seconds)');
  }
  s.identityPoolId = str('EMULATOR_IDENTITY_POOL_ID', s.identityPoolId);
  s.tokenTtlSeconds = num('EMULATOR_TOKEN_TTL', s.tokenTtlSeconds);
  s.refreshTokenTtlSeconds = num('EMULATOR_REFRESH_TOKEN_TTL', s.refreshTokenTtlSeconds);
  s.credentialsTtlSeconds = num('EMULATOR_CREDENTIALS_TTL', s.credentialsTtlSeconds);
  s.emailOtpTtlSeconds = num('EMULATOR_EMAIL_OTP_TTL', s.emailOtpTtlSeconds);
  s.allowGuests = env.EMULATOR_ALLOW_GUESTS === '1' || env.EMULATOR_ALLOW_GUESTS === 'true';
  s.demoUser = str('EMULATOR_DEMO_USER', s.demoUser);
  s.demoPassword = str('EMULATOR_DEMO_PASSWORD', s.demoPassword);
  s.dataDir = str('EMULATOR_DATA_DIR', s.dataDir);
  s.cognitoPort = num('EMULATOR_COGNITO_PORT', s.cognitoPort);
  s.apiPort = num('EMULATOR_API_PORT', s.apiPort);
  s.functionUrlPort = num('EMULATOR_FUNCTION_URL_PORT', s.functionUrlPort);
  s.httpApiPort = num('EMULATOR_HTTP_API_PORT', s.httpApiPort);
  s.appSyncPort = num('EMULATOR_APPSYNC_PORT', s.appSyncPort);
  s.log = env.EMULATOR_LOG !== '0';
  s.apiLatencyMs = num('EMULATOR_API_LATENCY_MS', s.apiLatencyMs);
  const origins = env.EMULATOR_ALLOWED_ORIGINS;
  if (origins) s.allowedOrigins = checkAllowedOrigins(origins.split(',').map((o) => o.trim()));
  s.webAuthnRelyingPartyId = checkRelyingPartyId(
    str('EMULATOR_WEBAUTHN_RP_ID', s.webAuthnRelyingPartyId),
  );
  const webAuthnOrigins = env.EMULATOR_WEBAUTHN_ORIGINS;
  if (webAuthnOrigins) {
    s.webAuthnAllowedOrigins = checkAllowedOrigins(webAuthnOrigins.split(',').map((o) => o.trim()));
  }
  s.webAuthnUserVerification = checkUserVerification(
    str('EMULATOR_WEBAUTHN_USER_VERIFICATION', s.webAuthnUserVerification),
  );
  const list = (name: string) =>
    env[name]
      ?.split(',')
      .map((url) => url.trim())
      .filter(Boolean);
  s.callbackUrls = list('EMULATOR_CALLBACK_URLS') ?? s.callbackUrls;
  s.logoutUrls = list('EMULATOR_LOGOUT_URLS') ?? s.logoutUrls;
  return s;
}

/** A fresh random id of `bytes` bytes, hex. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
