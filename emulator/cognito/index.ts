export { CognitoServiceError } from './CognitoServiceError.ts';
export { createCognitoServer } from './createCognitoServer.ts';
export { decodeJwt, signJwt, verifyJwt, type JwtClaims, type JwtVerification } from './jwt.ts';
export { loadSigningKey, type SigningKey } from './SigningKey.ts';
export { verifyLoginToken, type VerifiedLogin } from './verifyLoginToken.ts';
