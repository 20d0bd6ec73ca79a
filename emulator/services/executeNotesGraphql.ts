import { readFileSync } from 'node:fs';
import {
  buildSchema,
  defaultFieldResolver,
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
} from 'graphql';
import {
  handleNotesRequest,
  notesFieldResult,
  notesRequestFor,
  type NotesField,
  type NotesFieldError,
  type NotesStorage,
} from '../../backend/index.ts';
import type { ApiResponse } from '../api/ApiResponse.ts';

/** The schema `infra/` deploys to AppSync, read once. */
const SCHEMA = buildSchema(
  readFileSync(new URL('../../backend/notes.graphql', import.meta.url), 'utf8'),
);

/** What the resolvers need: the table, the clock and the verified caller. */
export interface NotesGraphqlContext {
  storage: NotesStorage;
  now: () => number;
  identityId: string;
}

/** One entry of AppSync's `errors[]`. */
interface AppSyncGraphqlError {
  path: readonly (string | number)[] | null;
  data?: null;
  errorType?: string;
  errorInfo?: null;
  locations: { line: number; column: number; sourceName: null }[] | null;
  message: string;
}

/** A resolver's `util.error(message, errorType)`. */
class FieldError extends Error {
  override name = 'FieldError' as const;
  constructor(readonly error: NotesFieldError) {
    super(error.message);
  }
}

/**
 * Runs a GraphQL POST body against `backend/notes.graphql` with the real `graphql` package, each
 * root field resolved by the notes handler (`notesRequestFor` → `handleNotesRequest` →
 * `notesFieldResult`), and answers as AppSync does:
 * - success, and field errors: 200 `{"data": ..., "errors": [{"path", "data": null, "errorType",
 *   "errorInfo": null, "locations", "message"}]}` (AppSync's resolver error shape, e.g.
 *   https://docs.aws.amazon.com/appsync/latest/devguide/resolver-util-reference-js.html `util.error`);
 * - syntax and validation errors: `{"data": null, "errors": [{"path": null, "locations": [...
 *   "sourceName": null], "message"}]}` as recorded in https://github.com/aws-amplify/learn/issues/417;
 *   the status 400 is unverified, and the texts are graphql-js's except FieldUndefined, rewritten to
 *   AppSync's (graphql-java's) "Validation error of type FieldUndefined: Field 'x' in type 'Query'
 *   is undefined @ 'x'" (same source);
 * - a body that is not a JSON object with a string `query`: 400 BadRequestException (unverified text).
 */
export async function executeNotesGraphql(
  body: Buffer,
  context: NotesGraphqlContext,
): Promise<ApiResponse> {
  const payload = parsePayload(body);
  if (!payload) {
    return {
      status: 400,
      headers: { 'x-amzn-ErrorType': 'BadRequestException' },
      body: {
        errors: [{ errorType: 'BadRequestException', message: 'Unable to parse GraphQL query.' }],
      },
    };
  }
  let document: DocumentNode;
  try {
    document = parse(payload.query);
  } catch (error) {
    if (error instanceof GraphQLError) return requestErrors([error]);
    throw error;
  }
  const invalid = validate(SCHEMA, document);
  if (invalid.length > 0) return requestErrors(invalid);
  const result = await execute({
    schema: SCHEMA,
    document,
    variableValues: payload.variables,
    operationName: payload.operationName,
    contextValue: context,
    fieldResolver: resolveField,
  });
  const errors = result.errors?.map(fieldErrorOf);
  // Field errors (a non-null field's error nulls `data` too) still answer 200, as AppSync does.
  return {
    status: 200,
    body: errors ? { data: result.data ?? null, errors } : { data: result.data },
  };
}

const resolveField: GraphQLFieldResolver<unknown, NotesGraphqlContext> = async (
  source,
  args: Record<string, unknown>,
  context,
  info,
) => {
  const root =
    info.parentType === SCHEMA.getQueryType() || info.parentType === SCHEMA.getMutationType();
  if (!root) return defaultFieldResolver(source, args, context, info);
  const request = notesRequestFor(info.fieldName, args, context.identityId);
  if (!request) throw new Error(`No resolver for ${info.parentType.name}.${info.fieldName}`);
  const response = await handleNotesRequest(request, {
    storage: context.storage,
    now: context.now,
  });
  const result = notesFieldResult(info.fieldName as NotesField, args, response);
  if ('error' in result) throw new FieldError(result.error);
  return result.data;
};

function parsePayload(
  body: Buffer,
): { query: string; variables?: Record<string, unknown>; operationName?: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    // Not JSON: AppSync's own 400, not a GraphQL error.
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { query, variables, operationName } = value as Record<string, unknown>;
  if (typeof query !== 'string') return undefined;
  return {
    query,
    variables:
      typeof variables === 'object' && variables !== null
        ? (variables as Record<string, unknown>)
        : undefined,
    operationName: typeof operationName === 'string' ? operationName : undefined,
  };
}

function requestErrors(errors: readonly GraphQLError[]): ApiResponse {
  return {
    status: 400,
    body: {
      data: null,
      errors: errors.map((error) => ({
        path: null,
        locations: locationsOf(error),
        message: appSyncText(error.message),
      })),
    },
  };
}

function fieldErrorOf(error: GraphQLError): AppSyncGraphqlError {
  const field = error.originalError instanceof FieldError ? error.originalError.error : undefined;
  return {
    path: error.path ?? null,
    data: null,
    errorType: field?.errorType ?? 'InternalFailure',
    errorInfo: null,
    locations: locationsOf(error),
    message: field?.message ?? error.message,
  };
}

function locationsOf(error: GraphQLError): AppSyncGraphqlError['locations'] {
  return error.locations?.map(({ line, column }) => ({ line, column, sourceName: null })) ?? null;
}

/** graphql-js's unknown-field text in AppSync's words; other texts stay graphql-js's. */
function appSyncText(message: string): string {
  const undefinedField = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(message);
  if (!undefinedField) return message;
  const [, field, type] = undefinedField;
  return `Validation error of type FieldUndefined: Field '${field}' in type '${type}' is undefined @ '${field}'`;
}
