import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EmulatorState } from '../EmulatorState.ts';
import { BodyTooLargeError, readBody, sendJson } from '../http.ts';
import { CognitoServiceError } from './CognitoServiceError.ts';
import { completeWebAuthnRegistration } from './completeWebAuthnRegistration.ts';
import { confirmSignUp } from './confirmSignUp.ts';
import { resendConfirmationCode } from './resendConfirmationCode.ts';
import { deleteWebAuthnCredential } from './deleteWebAuthnCredential.ts';
import { getTokensFromRefreshToken } from './getTokensFromRefreshToken.ts';
import { getUser } from './getUser.ts';
import { globalSignOut } from './globalSignOut.ts';
import { CONTROL_HEADER, CONTROL_PREFIX, handleControl } from './handleControl.ts';
import { IdentityPool } from './IdentityPool.ts';
import { initiateAuth } from './initiateAuth.ts';
import { listWebAuthnCredentials } from './listWebAuthnCredentials.ts';
import { createManagedLogin } from './managedLogin/handleManagedLogin.ts';
import type { Input } from './readInput.ts';
import { respondToAuthChallenge } from './respondToAuthChallenge.ts';
import { revokeToken } from './revokeToken.ts';
import { signUp } from './signUp.ts';
import { startWebAuthnRegistration } from './startWebAuthnRegistration.ts';
import { UserPool } from './UserPool.ts';

/** Largest request body read; Cognito's largest inputs are a few tokens, far below 1 MB. */
const MAX_REQUEST_BYTES = 1024 * 1024;

/** Content type of every AWS JSON 1.1 response. */
const AMZ_JSON = 'application/x-amz-json-1.1';

/** Request content types AWS's JSON services accept. */
const JSON_CONTENT_TYPES = [
  'application/x-amz-json-1.1',
  'application/x-amz-json-1.0',
  'application/json',
];

/** How long browsers may cache a preflight; long, since the answer never changes. */
const PREFLIGHT_MAX_AGE_SECONDS = 86400;

/** On every response: the page calls Cognito cross-origin, and must read the request id and error type. */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date',
};

type Operation = (input: Input) => unknown;

function sendAws(
  res: ServerResponse,
  status: number,
  body: unknown,
  requestId: string,
  extra: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    body,
    { ...CORS_HEADERS, 'x-amzn-RequestId': requestId, ...extra },
    AMZ_JSON,
  );
}

function sendAwsError(res: ServerResponse, error: CognitoServiceError, requestId: string): void {
  const headers: Record<string, string> = { 'x-amzn-ErrorType': `${error.type}:` };
  // Header values must be Latin-1; messages quoting user input may not be.
  if (/^[\x20-\x7e]*$/.test(error.message)) headers['x-amzn-ErrorMessage'] = error.message;
  sendAws(res, error.status, { __type: error.type, message: error.message }, requestId, headers);
}

function parseJson(buffer: Buffer): unknown {
  const text = buffer.toString('utf8');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

/** Creates (without listening) the server for the User Pool, the Identity Pool and the test controls. */
export function createCognitoServer(state: EmulatorState): Server {
  const userPool = new UserPool(state);
  const identityPool = new IdentityPool(state, userPool.key);
  const managedLogin = createManagedLogin(userPool);
  const hung = new Set<ServerResponse>();
  const releaseHung = () => {
    for (const res of hung) res.destroy();
    hung.clear();
  };

  const operations: Record<string, Record<string, Operation>> = {
    AWSCognitoIdentityProviderService: {
      InitiateAuth: (input) => initiateAuth(userPool, input),
      RespondToAuthChallenge: (input) => respondToAuthChallenge(userPool, input),
      SignUp: (input) => signUp(userPool, input),
      ConfirmSignUp: (input) => confirmSignUp(userPool, input),
      ResendConfirmationCode: (input) => resendConfirmationCode(userPool, input),
      GetTokensFromRefreshToken: (input) => getTokensFromRefreshToken(userPool, input),
      GetUser: (input) => getUser(userPool, input),
      GlobalSignOut: (input) => globalSignOut(userPool, input),
      RevokeToken: (input) => revokeToken(userPool, input),
      StartWebAuthnRegistration: (input) => startWebAuthnRegistration(userPool, input),
      CompleteWebAuthnRegistration: (input) => completeWebAuthnRegistration(userPool, input),
      ListWebAuthnCredentials: (input) => listWebAuthnCredentials(userPool, input),
      DeleteWebAuthnCredential: (input) => deleteWebAuthnCredential(userPool, input),
    },
    AWSCognitoIdentityService: {
      GetId: (input) => identityPool.getId(input),
      GetCredentialsForIdentity: (input) => identityPool.getCredentialsForIdentity(input),
    },
  };

  async function handleOperation(req: IncomingMessage, res: ServerResponse, requestId: string) {
    const target = req.headers['x-amz-target'];
    const [service = '', name = ''] = typeof target === 'string' ? target.split('.', 2) : [];
    const operation =
      Object.hasOwn(operations, service) && Object.hasOwn(operations[service] ?? {}, name)
        ? operations[service]?.[name]
        : undefined;
    const contentType =
      (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!operation || !JSON_CONTENT_TYPES.includes(contentType)) {
      req.resume();
      throw new CognitoServiceError(
        'UnknownOperationException',
        operation ? `Unsupported content type "${contentType}"` : 'Unknown operation',
      );
    }
    state.count(name);
    const fault = state.takeFault(name);
    if (fault?.kind === 'hang') {
      hung.add(res);
      res.once('close', () => hung.delete(res));
      req.resume();
      return;
    }
    if (fault?.kind === 'error500') {
      throw new CognitoServiceError(
        'InternalErrorException',
        'An internal error occurred (injected fault).',
        500,
      );
    }
    if (fault?.kind === 'throttle') {
      throw new CognitoServiceError('TooManyRequestsException', 'Rate exceeded');
    }
    let input: unknown;
    try {
      input = parseJson(await readBody(req, MAX_REQUEST_BYTES));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        throw new CognitoServiceError('SerializationException', error.message, 413, {
          cause: error,
        });
      }
      // JSON.parse failed: AWS's JSON services call that a SerializationException.
      throw new CognitoServiceError(
        'SerializationException',
        'The request body is not valid JSON.',
        400,
        {
          cause: error,
        },
      );
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new CognitoServiceError(
        'SerializationException',
        'The request body must be a JSON object.',
      );
    }
    sendAws(res, 200, operation(input as Input), requestId);
  }

  // The controls answer with no CORS headers at all: only tests and tools outside a browser use them.
  async function handleControlRequest(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method === 'OPTIONS' || req.headers[CONTROL_HEADER.toLowerCase()] === undefined) {
      req.resume();
      sendJson(res, 403, { error: `Emulator controls need the ${CONTROL_HEADER} header` });
      return;
    }
    let body: unknown;
    try {
      body = parseJson(await readBody(req, MAX_REQUEST_BYTES));
    } catch (error) {
      // Too large or not JSON: either way the caller sent a body the controls cannot read.
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, 400, { error: `Unreadable body: ${message}` });
      return;
    }
    const answer = handleControl({ state, userPool, releaseHung }, req.method ?? '', url, body);
    sendJson(res, answer.status, answer.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string) {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      await handleControlRequest(req, res, url);
      return;
    }
    if (req.method === 'OPTIONS') {
      req.resume();
      res.writeHead(200, {
        ...CORS_HEADERS,
        'Access-Control-Allow-Methods': 'POST, GET, OPTIONS',
        'Access-Control-Allow-Headers':
          'content-type, x-amz-target, x-amz-user-agent, authorization, cache-control, x-amz-date, x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request',
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
        'x-amzn-RequestId': requestId,
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    if (
      req.method === 'GET' &&
      url.pathname === `/${state.settings.userPoolId}/.well-known/jwks.json`
    ) {
      req.resume();
      sendJson(res, 200, { keys: [userPool.key.jwk] }, CORS_HEADERS);
      return;
    }
    const managedLoginHandler = managedLogin(req.method ?? '', url);
    if (managedLoginHandler) {
      await managedLoginHandler(req, res, url);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/') {
      await handleOperation(req, res, requestId);
      return;
    }
    req.resume();
    sendAws(res, 404, { __type: 'UnknownOperationException', message: 'Not found' }, requestId, {
      'x-amzn-ErrorType': 'UnknownOperationException:',
    });
  }

  return createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    // AWS's time, as real Cognito sends it; the worker learns its clock offset from this header.
    res.setHeader('Date', new Date(state.now()).toUTCString());
    if (state.settings.log) {
      res.once('finish', () => {
        const target = req.headers['x-amz-target'];
        const what = typeof target === 'string' ? target : (req.url ?? '');
        const ms = (performance.now() - started).toFixed(1);
        console.log(`[cognito] ${req.method ?? '?'} ${what} ${res.statusCode} ${ms}ms`);
      });
    }
    handle(req, res, requestId).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof CognitoServiceError) {
        sendAwsError(res, error, requestId);
        return;
      }
      console.error('[cognito] unexpected error', error);
      sendAwsError(
        res,
        new CognitoServiceError('InternalErrorException', 'An internal error occurred.', 500, {
          cause: error,
        }),
        requestId,
      );
    });
  }).on('close', releaseHung);
}
