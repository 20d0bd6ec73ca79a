import type { SigningConfig } from 'sigv4-service-worker/client';
import { GraphqlNotesApi } from './GraphqlNotesApi.ts';
import type { NotesApi } from './NotesApi.ts';
import { RestNotesApi } from './RestNotesApi.ts';

/**
 * The notes service the demo talks to: the configured API whose URL is `VITE_DEMO_NOTES_URL`, or
 * the first one. An AppSync API is spoken to in GraphQL; API Gateway (REST or HTTP API) and Lambda
 * Function URLs serve the same notes as a REST resource.
 */
export function notesApiFor(
  config: SigningConfig,
  notesUrl: string | undefined,
  ready: Promise<void>,
): NotesApi {
  const wanted = notesUrl?.trim().replace(/\/+$/, '');
  const api = wanted ? config.apis.find((candidate) => candidate.url === wanted) : config.apis[0];
  if (!api) {
    throw new Error(
      `VITE_DEMO_NOTES_URL is "${notesUrl}", which is not one of the signed APIs in VITE_API_URL ` +
        `(${config.apis.map((candidate) => candidate.url).join(', ')}).`,
    );
  }
  return api.service === 'appsync'
    ? new GraphqlNotesApi(api.url, ready)
    : new RestNotesApi(api.url, ready);
}
