import type { Recorded } from './replayServer.ts';

/**
 * Answers of cognito-identity.us-east-1.amazonaws.com, as they come on the wire. Where from:
 * - GetId's success: the response headers and body logged in aws-amplify/aws-sdk-ios#720 (Date,
 *   `application/x-amz-json-1.1`, `x-amzn-RequestId`, `{"IdentityId":…}`).
 * - GetCredentialsForIdentity's success: the API reference's response syntax (`IdentityId`,
 *   `Credentials` with `AccessKeyId`, `SecretKey`, `SessionToken`, `Expiration`); in the AWS JSON 1.1
 *   protocol a timestamp is epoch seconds as a JSON number, which Cognito writes as a double (`1.5E9`).
 * - Errors: AWS JSON 1.1 puts the type in `x-amzn-ErrorType` (`Type:` plus an optional URL) and in
 *   the body's `__type` (some services namespace it, `com.amazon…#Type`, and spell `Message`), with
 *   400 for every client error: the Java SDK's "Status Code: 400; Error Code: NotAuthorizedException"
 *   for "Token is not from a supported provider of this identity pool." and the SDKs' handling of
 *   "Invalid login token. Token expired: <exp> >= <now>" (both found in public code and issues).
 * - Throttling is `TooManyRequestsException` "Rate exceeded", 400; InternalErrorException is a 500.
 * - The 503 with an HTML body is what a load balancer in front of a service sends, not Cognito's JSON.
 */
export const AWS_DATE = 'Mon, 07 Aug 2017 13:28:15 GMT';
export const IDENTITY_ID = 'us-east-1:11a86fa8-fc2c-46da-a38b-e46762e447ed';
export const ACCESS_KEY_ID = 'ASIAEXAMPLE7QWERTYU2';
export const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN//////////wEaCXVzLWVhc3QtMSJH';
/** 13:28:15 plus an hour and a fraction of a second, as Cognito's double. */
export const EXPIRATION_SECONDS = 1502116095.25;

const JSON_HEADERS = {
  Date: AWS_DATE,
  'Content-Type': 'application/x-amz-json-1.1',
  'x-amzn-RequestId': '44584e12-7b74-11e7-af21-9fc5a5f3abdc',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
};

function error(status: number, type: string, message: string): Recorded {
  return {
    status,
    headers: { ...JSON_HEADERS, 'x-amzn-ErrorType': `${type}:`, 'x-amzn-ErrorMessage': message },
    body: JSON.stringify({ __type: type, message }),
  };
}

export const GET_ID_OK = {
  status: 200,
  headers: JSON_HEADERS,
  body: `{"IdentityId":"${IDENTITY_ID}"}`,
} satisfies Recorded;

export const GET_CREDENTIALS_OK = {
  status: 200,
  headers: JSON_HEADERS,
  body:
    `{"Credentials":{"AccessKeyId":"${ACCESS_KEY_ID}","Expiration":1.50211609525E9,` +
    `"SecretKey":"${SECRET_KEY}","SessionToken":"${SESSION_TOKEN}"},"IdentityId":"${IDENTITY_ID}"}`,
} satisfies Recorded;

export const TOKEN_EXPIRED = error(
  400,
  'NotAuthorizedException',
  'Invalid login token. Token expired: 1502112495 >= 1502112494',
);

export const UNSUPPORTED_PROVIDER = error(
  400,
  'NotAuthorizedException',
  'Token is not from a supported provider of this identity pool.',
);

/** The same refusal with only the body naming it, namespaced and with a capital `Message`. */
export const NAMESPACED_NOT_AUTHORIZED: Recorded = {
  status: 400,
  headers: JSON_HEADERS,
  body: JSON.stringify({
    __type: 'com.amazonaws.cognito.identity.model#NotAuthorizedException',
    Message: "Invalid login token. Issuer doesn't match providerName",
  }),
};

export const IDENTITY_NOT_FOUND = error(
  400,
  'ResourceNotFoundException',
  `Identity '${IDENTITY_ID}' not found.`,
);

export const THROTTLED = error(400, 'TooManyRequestsException', 'Rate exceeded');

export const LIMIT_EXCEEDED = error(
  400,
  'LimitExceededException',
  'Too many requests for this identity pool.',
);

export const INTERNAL_ERROR = error(500, 'InternalErrorException', 'An internal error occurred.');

export const HTML_503: Recorded = {
  status: 503,
  headers: { Date: AWS_DATE, 'Content-Type': 'text/html' },
  body: '<html><body><b>Http/1.1 Service Unavailable</b></body> </html>',
};

/** A 200 whose body was cut off mid-way. */
export const CUT_OFF_JSON: Recorded = {
  status: 200,
  headers: JSON_HEADERS,
  body: '{"IdentityId":"us-east-1:11a86fa8-fc2c',
};

export const HANG: Recorded = { hang: true };
