import type { SigningConfigInput } from 'sigv4-service-worker/client';

/** One plain object for the worker and the page; the ids here are the emulator's. */
export const config: SigningConfigInput = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_Emulator1',
  userPoolClientId: 'emulatorclient0000000000001',
  identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000001',
  // On an AWS host name (`*.execute-api.<region>.amazonaws.com`) leave `service` out: the host says it.
  apis: [{ url: import.meta.env.VITE_API_URL, service: 'execute-api' }],
  // Leave both out for real AWS.
  cognitoIdpEndpoint: import.meta.env.VITE_COGNITO_ENDPOINT,
  cognitoIdentityEndpoint: import.meta.env.VITE_COGNITO_ENDPOINT,
};
