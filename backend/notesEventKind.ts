/** The events the notes Lambda answers, told apart by shape. */
export type NotesEventKind = 'rest' | 'http' | 'appsync';

/**
 * Which invoker sent an event: API Gateway's REST proxy (payload 1.0, `httpMethod`), a Function
 * URL or HTTP API (payload 2.0, `version: "2.0"` and `requestContext.http`), or AppSync's resolver
 * (`info.fieldName` and `arguments`); undefined for anything else.
 */
export function notesEventKind(event: unknown): NotesEventKind | undefined {
  if (!isObject(event)) return undefined;
  const context = event.requestContext;
  if (event.version === '2.0' && isObject(context) && isObject(context.http)) {
    if (typeof context.http.method === 'string' && typeof event.rawPath === 'string') return 'http';
    return undefined;
  }
  if (typeof event.httpMethod === 'string' && isObject(context)) return 'rest';
  if (isObject(event.info) && typeof event.info.fieldName === 'string') {
    return isObject(event.arguments) ? 'appsync' : undefined;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
