export { CognitoAuth, type AuthSession, type SignUpResult } from './CognitoAuth.ts';
export { AuthError, toAuthError, type AuthErrorCode } from './AuthError.ts';
