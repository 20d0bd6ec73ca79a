/** The first line of a file `npm run deploy` writes, so `npm run destroy` knows it may delete it. */
export const GENERATED_MARKER = '# Written by `npm run deploy` from the stack outputs.';

/** Stack outputs the app's configuration is made of. */
const REQUIRED_OUTPUTS = [
  'Region',
  'UserPoolId',
  'UserPoolClientId',
  'IdentityPoolId',
  'ApiUrl',
  'GuestAccess',
] as const;

/** A Function URL is served at its host's root: `https://<url-id>.lambda-url.<region>.on.aws/`. */
const FUNCTION_URL_PATTERN = /^https:\/\/[^/]+\/?$/;

/** AppSync's GraphQL endpoint: `https://<id>.appsync-api.<region>.amazonaws.com/graphql`. */
const GRAPHQL_URL_PATTERN = /^https:\/\/[^/]+\/graphql$/;

/** Written above `VITE_API_URL` when it lists several APIs, for whoever edits the file. */
export const API_URL_COMMENT =
  '# The demo talks to the first of these URLs unless VITE_DEMO_NOTES_URL names another.';

/**
 * The app's `VITE_*` settings for a deployed stack, from its outputs (`cdk deploy --outputs-file`
 * writes `{ [stackName]: { [output]: value } }`; pass one stack's object).
 */
export function envFromOutputs(outputs: Record<string, unknown>): Record<string, string> {
  const missing = REQUIRED_OUTPUTS.filter(
    (name) => typeof outputs[name] !== 'string' || outputs[name] === '',
  );
  if (missing.length > 0) {
    throw new TypeError(`The stack outputs lack ${missing.join(', ')}; is this the backend stack?`);
  }
  const value = (name: (typeof REQUIRED_OUTPUTS)[number]) => outputs[name] as string;
  // API Gateway's URL ends with a slash; the app's API URLs are prefixes without one.
  const apiUrl = value('ApiUrl').replace(/\/+$/, '');
  if (!/^https:\/\/[^/]+\/[^/]+$/.test(apiUrl)) {
    throw new TypeError(`ApiUrl "${value('ApiUrl')}" is not an API Gateway stage URL`);
  }
  const apiUrls = [apiUrl, ...optionalApiUrls(outputs)];
  return {
    VITE_AWS_REGION: value('Region'),
    VITE_USER_POOL_ID: value('UserPoolId'),
    VITE_USER_POOL_CLIENT_ID: value('UserPoolClientId'),
    VITE_IDENTITY_POOL_ID: value('IdentityPoolId'),
    // The worker infers each URL's service and region from AWS's host names, so one list does.
    VITE_API_URL: apiUrls.join(','),
    VITE_API_REGION: value('Region'),
    // Empty overrides: the clients talk to AWS's own endpoints, not the emulator's.
    VITE_COGNITO_IDP_ENDPOINT: '',
    VITE_COGNITO_IDENTITY_ENDPOINT: '',
    // The stack's app client allows SRP only.
    VITE_AUTH_FLOW: 'USER_SRP_AUTH',
    VITE_GUEST_ACCESS: value('GuestAccess') === 'true' ? 'true' : 'false',
  };
}

/** The Function URL's and the AppSync API's URLs, when the stack has them, checked. */
function optionalApiUrls(outputs: Record<string, unknown>): string[] {
  const urls: string[] = [];
  const functionUrl = outputs.FunctionUrl;
  if (functionUrl !== undefined) {
    if (typeof functionUrl !== 'string' || !FUNCTION_URL_PATTERN.test(functionUrl)) {
      throw new TypeError(`FunctionUrl "${String(functionUrl)}" is not a Function URL`);
    }
    // The app's API URLs are prefixes without a trailing slash; the Function URL ends with one.
    urls.push(functionUrl.replace(/\/+$/, ''));
  }
  const graphqlUrl = outputs.GraphqlUrl;
  if (graphqlUrl !== undefined) {
    if (typeof graphqlUrl !== 'string' || !GRAPHQL_URL_PATTERN.test(graphqlUrl)) {
      throw new TypeError(`GraphqlUrl "${String(graphqlUrl)}" is not an AppSync GraphQL URL`);
    }
    urls.push(graphqlUrl);
  }
  return urls;
}

/** Comment lines for the env file, by the setting they go above: see `API_URL_COMMENT`. */
export function envComments(values: Record<string, string>): Record<string, string> {
  return (values.VITE_API_URL ?? '').includes(',') ? { VITE_API_URL: API_URL_COMMENT } : {};
}

/** One stack's outputs from a `--outputs-file`: the named stack, or the only one. */
export function pickStackOutputs(
  file: Record<string, Record<string, unknown>>,
  stackName?: string,
): Record<string, unknown> {
  const names = Object.keys(file);
  const name = stackName ?? (names.length === 1 ? names[0] : undefined);
  const outputs = name === undefined ? undefined : file[name];
  if (!outputs) {
    throw new TypeError(
      `No outputs for ${stackName ? `stack "${stackName}"` : 'a single stack'}; the file has: ${names.join(', ') || 'nothing'}`,
    );
  }
  return outputs;
}

/**
 * An env file with `values` set: their old lines replaced in place, new ones appended, the rest
 * kept; a comment of `comments` goes right above its setting unless it is already there.
 */
export function mergeEnvFile(
  existing: string,
  values: Record<string, string>,
  comments: Record<string, string> = {},
): string {
  const pending = new Map(Object.entries(values));
  const lines = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const merged: string[] = [];
  const push = (key: string, line: string) => {
    const comment = comments[key];
    if (comment !== undefined && merged.at(-1) !== comment) merged.push(comment);
    merged.push(line);
  };
  for (const line of lines) {
    const key = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) {
      merged.push(line);
      continue;
    }
    push(key, `${key}=${pending.get(key)}`);
    pending.delete(key);
  }
  if (lines.length === 0) merged.push(GENERATED_MARKER);
  for (const [key, value] of pending) push(key, `${key}=${value}`);
  return `${merged.join('\n')}\n`;
}
