/**
 * AppSync's resolver (APPSYNC_JS) for every notes field, on the notes Lambda as data source.
 *
 * Not a Direct Lambda resolver: for a Lambda that throws, AppSync reports only the message, with
 * `errorType: "Lambda:Unhandled"` ("Only the error message returned from Lambda is set in the
 * response", https://docs.aws.amazon.com/appsync/latest/devguide/tutorial-lambda-resolvers.html,
 * "Returning errors"; aws/aws-appsync-community#209). The Lambda instead answers
 * `{ data }` or `{ error: { message, errorType } }` and this response handler raises the error
 * with `util.error(message, errorType)`, which fills `errors[].message` and `errors[].errorType`
 * (https://docs.aws.amazon.com/appsync/latest/devguide/resolver-util-reference-js.html). `ctx.error` is a
 * failed invocation (throttled, timed out), passed on as AppSync names it.
 *
 * Only the Cognito identity id travels to the Lambda: it is the one field the notes API trusts.
 */
export const APPSYNC_NOTES_RESOLVER_CODE = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
  return {
    operation: 'Invoke',
    payload: {
      arguments: ctx.arguments,
      identity: { cognitoIdentityId: ctx.identity ? ctx.identity.cognitoIdentityId : null },
      info: { fieldName: ctx.info.fieldName, parentTypeName: ctx.info.parentTypeName },
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  if (ctx.result.error) {
    util.error(ctx.result.error.message, ctx.result.error.errorType);
  }
  return ctx.result.data;
}
`;
