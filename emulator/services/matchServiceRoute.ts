import type { RouteHandler } from '../api/ApiResponse.ts';
import { echoRoute } from '../api/echoRoute.ts';
import type { NotesRoutes } from '../api/notesRoutes.ts';

/**
 * The notes API and the echo route without a stage prefix, as a Function URL's or an HTTP API
 * `$default` stage's paths: `/echo` and below (any method), `GET /notes`, `GET|PUT|DELETE
 * /notes/{id}`; undefined for anything else.
 */
export function matchServiceRoute(
  method: string,
  rawPath: string,
  notes: NotesRoutes,
): RouteHandler | undefined {
  const [resource, ...rest] = rawPath.split('/').slice(1);
  if (resource === 'echo') return echoRoute;
  if (resource !== 'notes') return undefined;
  if (rest.length === 0) return method === 'GET' ? notes.list : undefined;
  if (rest.length !== 1 || rest[0] === '') return undefined;
  const id = rest[0]!;
  if (method === 'GET') return notes.get(id);
  if (method === 'PUT') return notes.put(id);
  if (method === 'DELETE') return notes.delete(id);
  return undefined;
}
