import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };

/** Each entry of the package by its `exports` key, with the source file it resolves to. */
const ENTRIES = Object.entries(
  packageJson.exports as Record<string, string | Record<string, string>>,
)
  .filter((entry): entry is [string, Record<string, string>] => typeof entry[1] === 'object')
  .map(([name, conditions]) => [name, conditions['sigv4-service-worker-source']!] as const);

/** What each entry exports, values by name and types as `type Name`, in code-point order. */
function exportLists(): Map<string, string[]> {
  const program = ts.createProgram(
    ENTRIES.map(([, file]) => file),
    {
      noEmit: true,
      allowImportingTsExtensions: true,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      customConditions: ['sigv4-service-worker-source'],
      skipLibCheck: true,
    },
  );
  const checker = program.getTypeChecker();
  return new Map(
    ENTRIES.map(([name, file]) => {
      const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
      const names = checker.getExportsOfModule(module).map((symbol) => {
        const target =
          symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return target.flags & ts.SymbolFlags.Value ? symbol.name : `type ${symbol.name}`;
      });
      return [name, names.sort()];
    }),
  );
}

// The package's public API, entry by entry: a change here is a change to what users depend on,
// so it is made on purpose (and noted in CHANGELOG.md), never as a side effect.
const PROTOCOL = ['PROTOCOL_VERSION', 'WORKER_RESPONSE_HEADER'];
const CONFIG = [
  'ConfigError',
  'configFromEnv',
  'resolveConfig',
  'type ApiConfig',
  'type AuthFlow',
  'type ConfigEnv',
  'type SignedApi',
  'type SigningConfig',
  'type SigningConfigInput',
];
const OFFLINE_PROTOCOL = [
  'CLEAR_FAILED_WRITES',
  'FAILED_WRITES',
  'OUTBOX_CHANGED',
  'PENDING_WRITES',
  'SYNC',
  'WRITE_FAILED',
  'type FailedWrite',
  'type FailedWritesResult',
  'type OfflineErrorCode',
  'type OutboxChangedEvent',
  'type PendingWritesResult',
  'type QueuedResponseBody',
  'type SyncResult',
  'type WriteFailedEvent',
];
const EXPECTED: Record<string, string[]> = {
  './sw': [
    ...PROTOCOL,
    ...CONFIG,
    'DEFAULT_REFRESH_POLICY',
    'IdentityError',
    'SigningError',
    'installSigning',
    'type ApiRequest',
    'type AwsCredentials',
    'type Credentials',
    'type ErrorCode',
    'type ErrorInfo',
    'type ExtensionEvent',
    'type ExtensionRequest',
    'type FieldType',
    'type IdentityApi',
    'type MessageFields',
    'type PluginMessage',
    'type RefreshPolicy',
    'type RouterUrlPattern',
    'type Session',
    'type SignedFetchOptions',
    'type SignedRouteContext',
    'type SigningLayer',
    'type SigningOptions',
    'type SigningPlugin',
    'type StaticRoutingOptions',
    'type WorkerEvent',
    'type WorkerRequest',
  ],
  './sw/aws-sdk': ['awsSdkIdentity', 'type AwsSdkIdentityOptions'],
  './client': [
    ...PROTOCOL,
    ...CONFIG,
    'SigningClient',
    'WorkerError',
    'type ErrorCode',
    'type ErrorInfo',
    'type ExtensionEvent',
    'type SignInResult',
    'type SigningClientOptions',
    'type StatusResult',
    'type WorkerChannel',
    'type WorkerEvent',
  ],
  './auth': [
    'AuthError',
    'CognitoAuth',
    'toAuthError',
    'type AuthErrorCode',
    'type AuthSession',
    'type SignUpResult',
  ],
  './auth/oidc': [
    'createOidcFeed',
    'type OidcFeed',
    'type OidcFeedOptions',
    'type OidcUser',
    'type OidcUserManager',
    'type OidcWorkerClient',
  ],
  './auth/user-auth': [
    'AuthError',
    'DEFAULT_TOKEN_STORAGE',
    'UserAuth',
    'createTokenStorage',
    'type AuthErrorCode',
    'type AuthSession',
    'type ChooseStep',
    'type CodeStep',
    'type CredentialsLike',
    'type FirstFactor',
    'type Passkey',
    'type SessionSnapshot',
    'type SessionTokens',
    'type SignInOptions',
    'type SignInStep',
    'type SignUpResult',
    'type SignedInStep',
    'type TokenStorage',
    'type TokenStorageKind',
    'type TokenStorageOptions',
    'type UserAuthOptions',
    'type UserAuthTokens',
    'type UserPoolConfig',
  ],
  './offline': [
    ...OFFLINE_PROTOCOL,
    'MAX_ATTEMPTS',
    'OUTBOX_SYNC_TAG',
    'OfflineSupport',
    'installNavigationFallback',
    'type OfflineSupportOptions',
  ],
  './offline/client': [...OFFLINE_PROTOCOL, 'OutboxClient'],
};

describe('the public API', () => {
  const lists = exportLists();

  it.each(ENTRIES.map(([name]) => name))('of %s is exactly the documented list', (name) => {
    expect(lists.get(name)).toEqual(EXPECTED[name]?.toSorted());
  });

  it('covers every entry in package.json', () => {
    expect([...lists.keys()].toSorted()).toEqual(Object.keys(EXPECTED).toSorted());
  });
});
