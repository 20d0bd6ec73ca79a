import type { EmulatorSettings } from '../../settings.ts';
import { matchesRegisteredUrl } from './matchesRegisteredUrl.ts';

/** Scopes the emulator's app client allows: Cognito's reserved ones; it has no resource servers. */
export const CLIENT_SCOPES = [
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
];

/** Scopes that Cognito grants only together with `openid`. */
const OPENID_ONLY = ['email', 'phone', 'profile'];

/** A valid authorization request (of `/oauth2/authorize` or `/login`). */
export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  /** Space-separated, as granted: the client's scopes when the request named none. */
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
}

/** The request, or where to send the browser instead. */
export type AuthorizeCheck =
  { ok: true; request: AuthorizeRequest } | { ok: false; location: string };

/** `redirect_uri` with OAuth's query parameters added (RFC 6749 4.1.2), `state` echoed when sent. */
export function redirectTo(
  redirectUri: string,
  params: Record<string, string>,
  state: string | undefined,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.href;
}

/**
 * Checks an authorization request as Cognito does: a bad client or callback URL goes to the
 * hosted `/error` page (never to an unverified URL); any other fault goes back to the callback
 * URL as `?error=` (Cognito's authorize endpoint docs, "Examples of negative responses").
 */
export function checkAuthorizeRequest(
  params: URLSearchParams,
  settings: Pick<EmulatorSettings, 'clientId' | 'callbackUrls'>,
): AuthorizeCheck {
  const clientId = params.get('client_id') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  if (clientId !== settings.clientId) {
    // Not documented; an unknown client cannot have a callback URL to send the error to.
    return {
      ok: false,
      location: `/error?${new URLSearchParams({ error: 'invalid_request', client_id: clientId })}`,
    };
  }
  if (!matchesRegisteredUrl(redirectUri, settings.callbackUrls)) {
    // What Cognito's hosted pages do with an unregistered callback URL (widely reported).
    return {
      ok: false,
      location: `/error?${new URLSearchParams({ error: 'redirect_mismatch', client_id: clientId })}`,
    };
  }
  const state = params.get('state') ?? undefined;
  const fail = (error: string): AuthorizeCheck => ({
    ok: false,
    location: redirectTo(redirectUri, { error }, state),
  });
  const responseType = params.get('response_type');
  if (responseType === 'token') return fail('unauthorized_client');
  if (responseType !== 'code') return fail('invalid_request');
  const method = params.get('code_challenge_method');
  const codeChallenge = params.get('code_challenge') ?? undefined;
  if ((codeChallenge !== undefined || method !== null) && (method !== 'S256' || !codeChallenge)) {
    return fail('invalid_request');
  }
  const requested = (params.get('scope') ?? '').split(/[ +]/).filter(Boolean);
  const scopes = requested.length > 0 ? requested : CLIENT_SCOPES;
  if (scopes.some((scope) => !CLIENT_SCOPES.includes(scope))) return fail('invalid_scope');
  if (!scopes.includes('openid') && scopes.some((scope) => OPENID_ONLY.includes(scope))) {
    return fail('invalid_scope');
  }
  const nonce = params.get('nonce') ?? undefined;
  return {
    ok: true,
    request: {
      clientId,
      redirectUri,
      scope: [...new Set(scopes)].join(' '),
      ...(state !== undefined && { state }),
      ...(nonce !== undefined && { nonce }),
      ...(codeChallenge !== undefined && { codeChallenge }),
    },
  };
}
