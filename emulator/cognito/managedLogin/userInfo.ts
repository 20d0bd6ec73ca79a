import { CognitoServiceError } from '../CognitoServiceError.ts';
import type { UserPool } from '../UserPool.ts';

/** The userInfo endpoint's answer: the claims, or an error with its `WWW-Authenticate` header. */
export type UserInfoAnswer =
  | { status: 200; body: Record<string, string> }
  | { status: 400 | 401; body: { error: string; error_description: string }; challenge: string };

/** Attributes each OIDC scope releases (Cognito's userInfo endpoint docs). */
const SCOPE_ATTRIBUTES: Record<string, readonly string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
};

function failure(status: 400 | 401, error: string, description: string): UserInfoAnswer {
  return {
    status,
    body: { error, error_description: description },
    challenge: `Bearer error="${error}", error_description="${description}"`,
  };
}

/**
 * Answers `GET /oauth2/userInfo`: the user's attributes that the access token's scopes release.
 * Only tokens from the token endpoint with `openid` qualify; the User Pool API's do not.
 */
export function userInfo(pool: UserPool, authorization: string | undefined): UserInfoAnswer {
  const token = /^Bearer +(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) {
    return failure(400, 'invalid_request', 'Bad OAuth2 request at UserInfo Endpoint');
  }
  let scope: string;
  let found;
  try {
    found = pool.authenticate(token, 'openid');
    scope = found.session.scope ?? '';
  } catch (error) {
    if (!(error instanceof CognitoServiceError)) throw error;
    return failure(
      401,
      'invalid_token',
      'Access token is expired, disabled, or deleted, or the user has globally signed out.',
    );
  }
  const { user } = found;
  const scopes = scope.split(' ');
  const limited = scopes.some((s) => Object.hasOwn(SCOPE_ATTRIBUTES, s));
  const released = Object.entries(user.attributes).filter(
    ([name]) => !limited || scopes.some((s) => SCOPE_ATTRIBUTES[s]?.includes(name)),
  );
  // Cognito answers attributes as the strings it stores (email_verified: "true") and adds username.
  return {
    status: 200,
    body: { sub: user.sub, ...Object.fromEntries(released), username: user.username },
  };
}
