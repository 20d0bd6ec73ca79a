export type { Note, NoteFields } from './Note.ts';
export { byCreation, type NotesStorage } from './NotesStorage.ts';
export {
  handleNotesRequest,
  type NotesContext,
  type NotesRequest,
  type NotesResponse,
} from './handleNotesRequest.ts';
export {
  CORS_ALLOWED_HEADERS,
  CORS_APP_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_EXPOSED_HEADERS,
  CORS_GATEWAY_RESPONSES,
  CORS_MAX_AGE_SECONDS,
  CORS_PREFLIGHT_STATUS,
  checkAllowedOrigins,
  serviceCors,
  gatewayCorsHeaders,
  gatewayResponseType,
  isAllowedOrigin,
  preflightCorsHeaders,
  responseCorsHeaders,
  type ServiceCors,
  type GatewayResponseType,
} from './corsPolicy.ts';
export {
  notesFieldResult,
  notesRequestFor,
  type NotesField,
  type NotesFieldError,
  type NotesFieldResult,
} from './notesGraphql.ts';
