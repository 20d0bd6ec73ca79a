import { responseCorsHeaders } from './corsPolicy.ts';
import { handleNotesRequest } from './handleNotesRequest.ts';
import type { NotesStorage } from './NotesStorage.ts';

/** The parts of API Gateway's Lambda proxy event (REST API, payload 1.0) the notes API reads. */
export interface ProxyEvent {
  httpMethod: string;
  headers?: Record<string, string | undefined> | null;
  pathParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: { identity?: { cognitoIdentityId?: string | null } | null };
}

/** A Lambda proxy integration's answer. */
export interface ProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Settings of the notes Lambda. */
export interface NotesLambdaOptions {
  storage: NotesStorage;
  /** Exact origins the CORS policy echoes. */
  allowedOrigins: readonly string[];
  now?: () => number;
}

/** Builds the Lambda proxy handler of the notes API over a storage, with the policy's CORS headers. */
export function createNotesLambda({ storage, allowedOrigins, now }: NotesLambdaOptions) {
  return async (event: ProxyEvent): Promise<ProxyResult> => {
    const cors = responseCorsHeaders(header(event, 'origin'), allowedOrigins);
    const response = await handleNotesRequest(
      {
        method: event.httpMethod,
        noteId: event.pathParameters?.id,
        body: bodyText(event),
        // Set by API Gateway from the SigV4 credentials, never from anything the caller wrote.
        identityId: event.requestContext.identity?.cognitoIdentityId ?? undefined,
      },
      { storage, now },
    );
    return {
      statusCode: response.status,
      headers: response.body === undefined ? cors : { ...cors, 'Content-Type': 'application/json' },
      body: response.body === undefined ? '' : JSON.stringify(response.body),
    };
  };
}

/** A request header by name, whatever case the client sent it in. */
function header(event: ProxyEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function bodyText(event: ProxyEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}
