import { randomBytes } from 'node:crypto';
import { checkAllowedOrigins } from '../backend/index.ts';

/** Everything the emulator can be told; each field has an environment variable (see `settingsFromEnv`). */
export interface EmulatorSettings {
  region: string;
  userPoolId: string;
  clientId: string;
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
  /** Whether GetId without logins creates a guest (unauthenticated) identity. */
  allowGuests: boolean;
  demoUser: string;
  demoPassword: string;
  demoEmail: string;
  /** Folder for state kept across restarts (users, notes). */
  dataDir: string;
  cognitoPort: number;
  apiPort: number;
  /** Address every server listens on; loopback only. */
  host: string;
  /** Print one log line per request. */
  log: boolean;
  /** Added to every API Gateway answer, to stand for a real network round trip (benchmarks). */
  apiLatencyMs: number;
  /** Origins the API's CORS policy allows: exact, or `http://host:*` for any port. */
  allowedOrigins: string[];
  /** Allowed callback URLs of the app client (managed login): exact, or with `:*` for any port. */
  callbackUrls: string[];
  /** The app client's allowed sign-out URLs (`/logout?logout_uri=`), in the same form. */
  logoutUrls: string[];
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_Emulator1',
  clientId: 'emulatorclient0000000000001',
  identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000001',
  accountId: '000000000000',
  stage: 'dev',
  tokenTtlSeconds: 3600,
  refreshTokenTtlSeconds: 30 * 24 * 3600,
  credentialsTtlSeconds: 3600,
  allowGuests: false,
  demoUser: 'demo',
  demoPassword: 'Passw0rd!',
  demoEmail: 'demo@example.com',
  dataDir: '.emulator-data',
  cognitoPort: 9229,
  apiPort: 9230,
  host: '127.0.0.1',
  log: true,
  apiLatencyMs: 0,
  // The app on loopback under any port: Vite's dev server, `vite preview`, the tests' free ports.
  allowedOrigins: ['http://127.0.0.1:*', 'http://localhost:*'],
  // The app's root on loopback under any port, where the demo handles the managed-login redirect.
  callbackUrls: ['http://127.0.0.1:*/', 'http://localhost:*/'],
  logoutUrls: ['http://127.0.0.1:*/', 'http://localhost:*/'],
};

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
  s.identityPoolId = str('EMULATOR_IDENTITY_POOL_ID', s.identityPoolId);
  s.tokenTtlSeconds = num('EMULATOR_TOKEN_TTL', s.tokenTtlSeconds);
  s.refreshTokenTtlSeconds = num('EMULATOR_REFRESH_TOKEN_TTL', s.refreshTokenTtlSeconds);
  s.credentialsTtlSeconds = num('EMULATOR_CREDENTIALS_TTL', s.credentialsTtlSeconds);
  s.allowGuests = env.EMULATOR_ALLOW_GUESTS === '1' || env.EMULATOR_ALLOW_GUESTS === 'true';
  s.demoUser = str('EMULATOR_DEMO_USER', s.demoUser);
  s.demoPassword = str('EMULATOR_DEMO_PASSWORD', s.demoPassword);
  s.dataDir = str('EMULATOR_DATA_DIR', s.dataDir);
  s.cognitoPort = num('EMULATOR_COGNITO_PORT', s.cognitoPort);
  s.apiPort = num('EMULATOR_API_PORT', s.apiPort);
  s.log = env.EMULATOR_LOG !== '0';
  s.apiLatencyMs = num('EMULATOR_API_LATENCY_MS', s.apiLatencyMs);
  const origins = env.EMULATOR_ALLOWED_ORIGINS;
  if (origins) s.allowedOrigins = checkAllowedOrigins(origins.split(',').map((o) => o.trim()));
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
