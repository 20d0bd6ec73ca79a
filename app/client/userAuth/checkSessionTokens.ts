import { idTokenNeedsRefresh } from './idTokenNeedsRefresh.ts';
import { parseSnapshot, type SessionTokens } from './SessionSnapshot.ts';

/** The tokens of a sign-in, checked at the boundary: three strings, the ID token a JWT with `exp`. */
export function checkSessionTokens(tokens: SessionTokens): SessionTokens {
  const checked = parseSnapshot({ version: 0, tokens })?.tokens;
  if (!checked) throw new TypeError('signIn needs an idToken, accessToken and refreshToken');
  try {
    idTokenNeedsRefresh(checked.idToken, 0);
  } catch (cause) {
    throw new TypeError('signIn needs an ID token that is a JWT with an exp claim', { cause });
  }
  return checked;
}
