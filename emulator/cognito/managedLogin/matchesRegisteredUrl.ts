/**
 * Whether `url` is one of an app client's registered URLs. Cognito compares callback and sign-out
 * URLs exactly (scheme, host, port, path, no trailing-slash leniency); the emulator adds one
 * wildcard, `:*` for any port, since the tests and the dev server run on free ports.
 */
export function matchesRegisteredUrl(url: string, registered: readonly string[]): boolean {
  return registered.some((pattern) => {
    if (!pattern.includes(':*')) return pattern === url;
    const [before = '', after = ''] = pattern.split(':*', 2);
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^${escape(before)}:\\d{1,5}${escape(after)}$`).test(url);
  });
}
