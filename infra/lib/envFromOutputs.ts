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
  return {
    VITE_AWS_REGION: value('Region'),
    VITE_USER_POOL_ID: value('UserPoolId'),
    VITE_USER_POOL_CLIENT_ID: value('UserPoolClientId'),
    VITE_IDENTITY_POOL_ID: value('IdentityPoolId'),
    VITE_API_URL: apiUrl,
    VITE_API_REGION: value('Region'),
    // Empty overrides: the clients talk to AWS's own endpoints, not the emulator's.
    VITE_COGNITO_IDP_ENDPOINT: '',
    VITE_COGNITO_IDENTITY_ENDPOINT: '',
    // The stack's app client allows SRP only.
    VITE_AUTH_FLOW: 'USER_SRP_AUTH',
    VITE_GUEST_ACCESS: value('GuestAccess') === 'true' ? 'true' : 'false',
  };
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

/** An env file with `values` set: their old lines replaced in place, new ones appended, the rest kept. */
export function mergeEnvFile(existing: string, values: Record<string, string>): string {
  const pending = new Map(Object.entries(values));
  const lines = existing === '' ? [] : existing.replace(/\n$/, '').split('\n');
  const merged = lines.map((line) => {
    const key = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) return line;
    const updated = `${key}=${pending.get(key)}`;
    pending.delete(key);
    return updated;
  });
  if (lines.length === 0) merged.push(GENERATED_MARKER);
  for (const [key, value] of pending) merged.push(`${key}=${value}`);
  return `${merged.join('\n')}\n`;
}
