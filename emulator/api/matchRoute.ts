import type { RouteHandler } from './ApiResponse.ts';
import { cachedRoute } from './cachedRoute.ts';
import { echoRoute } from './echoRoute.ts';
import { imageRoute } from './imageRoute.ts';
import type { NotesRoutes } from './notesRoutes.ts';
import { redirectRoute } from './redirectRoute.ts';

/**
 * The handler for a method and raw path under `/<stage>`, or undefined when API Gateway would
 * have no such resource or method (it then answers "Missing Authentication Token").
 */
export function matchRoute(
  method: string,
  rawPath: string,
  stage: string,
  notes: NotesRoutes,
): RouteHandler | undefined {
  const segments = rawPath.split('/').slice(1);
  if (segments[0] !== stage) return undefined;
  const [, resource, ...rest] = segments;
  // API Gateway ignores one trailing slash on a resource path.
  if (rest.at(-1) === '' && resource !== 'echo') rest.pop();
  if (resource === 'echo') return echoRoute;
  if (resource === 'cached') return method === 'GET' && rest.length > 0 ? cachedRoute : undefined;
  if (resource === 'image') return method === 'GET' && rest.length === 1 ? imageRoute : undefined;
  if (resource === 'redirect') return rest.length === 1 ? redirectRoute(rest[0]!) : undefined;
  if (resource !== 'notes') return undefined;
  if (rest.length === 0) return method === 'GET' ? notes.list : undefined;
  if (rest.length !== 1 || rest[0] === '') return undefined;
  const id = rest[0]!;
  switch (method) {
    case 'GET':
      return notes.get(id);
    case 'PUT':
      return notes.put(id);
    case 'DELETE':
      return notes.delete(id);
    default:
      return undefined;
  }
}
