import { handleNotesRequest, type NotesRequest } from './handleNotesRequest.ts';
import type { NotesStorage } from './NotesStorage.ts';

/** The stage API Gateway HTTP APIs serve at the root, and the one Function URLs report. */
const DEFAULT_STAGE = '$default';

/**
 * The parts of Lambda's payload format 2.0 (Function URLs, API Gateway HTTP APIs) the notes API
 * reads.
 */
export interface HttpEvent {
  version: '2.0';
  rawPath: string;
  headers?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    stage?: string;
    http: { method: string };
    authorizer?: {
      iam?: { cognitoIdentity?: { identityId?: string | null } | null } | null;
    } | null;
  };
}

/** A payload format 2.0 answer, in its explicit form (no inference from a bare body). */
export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Settings of the payload format 2.0 notes handler. */
export interface HttpNotesLambdaOptions {
  storage: NotesStorage;
  now?: () => number;
}

/**
 * Builds the notes handler for payload format 2.0 events. It sets no CORS headers: a Function
 * URL's `Cors` (and an HTTP API's `corsConfiguration`) answers preflights and adds its headers to
 * every answer, and where the function's own headers conflict, the URL's configured ones take
 * precedence (https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors).
 */
export function createHttpNotesLambda({ storage, now }: HttpNotesLambdaOptions) {
  return async (event: HttpEvent): Promise<HttpResult> => {
    const route = routeOf(event);
    if (route === undefined) return json(404, { message: 'Not Found' });
    const response = await handleNotesRequest(
      {
        method: event.requestContext.http.method,
        noteId: route.noteId,
        body: bodyText(event),
        // Set by Lambda (or the HTTP API's IAM authorizer) from the SigV4 credentials; an IAM user
        // or role without a Cognito identity has `cognitoIdentity: null` and gets the handler's 403.
        identityId: event.requestContext.authorizer?.iam?.cognitoIdentity?.identityId ?? undefined,
      },
      { storage, now },
    );
    return response.body === undefined
      ? { statusCode: response.status, headers: {}, body: '' }
      : json(response.status, response.body);
  };
}

/**
 * `/notes` or `/notes/{id}` from the raw path, the id percent-decoded once (Function URLs have no
 * path parameters); undefined for any other path.
 */
function routeOf(event: HttpEvent): Pick<NotesRequest, 'noteId'> | undefined {
  const segments = pathWithinStage(event).split('/');
  if (segments[0] !== '' || segments[1] !== 'notes') return undefined;
  if (segments.length === 2) return { noteId: undefined };
  const [raw] = segments.slice(2);
  if (segments.length !== 3 || !raw) return undefined;
  try {
    return { noteId: decodeURIComponent(raw) };
  } catch (error) {
    // A malformed escape (`%zz`) is kept as written: the handler refuses it as an invalid id.
    if (error instanceof URIError) return { noteId: raw };
    throw error;
  }
}

/**
 * The raw path without the stage: an HTTP API's named stage is the first segment of `rawPath`
 * (only `$default` is served at the root), as reported in
 * https://github.com/aws-powertools/powertools-lambda-python/issues/621.
 */
function pathWithinStage(event: HttpEvent): string {
  const stage = event.requestContext.stage;
  if (!stage || stage === DEFAULT_STAGE) return event.rawPath;
  const prefix = `/${stage}`;
  return event.rawPath === prefix || event.rawPath.startsWith(`${prefix}/`)
    ? event.rawPath.slice(prefix.length)
    : event.rawPath;
}

function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function bodyText(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
