// The Identity Pool client the worker bundles for its two calls (GetId, GetCredentialsForIdentity).
export {
  CognitoIdentityClient,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
} from '@aws-sdk/client-cognito-identity';
