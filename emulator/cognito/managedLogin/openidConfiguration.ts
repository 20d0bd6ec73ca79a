/**
 * The pool's OIDC discovery document, as Cognito serves it at the issuer
 * (`/<userPoolId>/.well-known/openid-configuration`), with every endpoint on the emulator's own
 * origin: on AWS the OAuth endpoints live on the pool's domain and the JWKS at the issuer.
 */
export function openidConfiguration(
  origin: string,
  issuer: string,
  userPoolId: string,
): Record<string, unknown> {
  return {
    authorization_endpoint: `${origin}/oauth2/authorize`,
    end_session_endpoint: `${origin}/logout`,
    id_token_signing_alg_values_supported: ['RS256'],
    issuer,
    jwks_uri: `${origin}/${userPoolId}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    token_endpoint: `${origin}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    userinfo_endpoint: `${origin}/oauth2/userInfo`,
  };
}
