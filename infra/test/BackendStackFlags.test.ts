import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { APPSYNC_NOTES_RESOLVER_CODE } from '../../backend/appSyncNotesResolverCode.ts';
import {
  CORS_ALLOWED_HEADERS,
  CORS_EXPOSED_HEADERS,
  CORS_MAX_AGE_SECONDS,
} from '../../backend/corsPolicy.ts';
import { BackendStack, NOTES_RESOLVERS, NOTES_SCHEMA_PATH } from '../lib/BackendStack.ts';

const ORIGINS = ['https://app.example.com', 'http://localhost:5173'];

/** Resources of one type, by logical id. */
type Resources = Record<string, { Properties: Record<string, unknown> }>;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

let plain: Template;
let withUrl: Template;
let withGraphql: Template;
let withBoth: Template;

// One synth per flag combination, offline (the Lambda bundled with esbuild).
beforeAll(() => {
  // Every stack exists before the first synth: CDK refuses a tree changed after synthesis.
  const app = new App();
  const stack = (id: string, flags: { functionUrl?: boolean; appsync?: boolean }) =>
    new BackendStack(app, id, {
      allowedOrigins: ORIGINS,
      guestAccess: true,
      stageName: 'dev',
      ...flags,
    });
  const stacks = {
    plain: stack('Plain', {}),
    withUrl: stack('WithUrl', { functionUrl: true }),
    withGraphql: stack('WithGraphql', { appsync: true }),
    withBoth: stack('WithBoth', { functionUrl: true, appsync: true }),
  };
  plain = Template.fromStack(stacks.plain);
  withUrl = Template.fromStack(stacks.withUrl);
  withGraphql = Template.fromStack(stacks.withGraphql);
  withBoth = Template.fromStack(stacks.withBoth);
});

const onlyId = (template: Template, type: string): string => {
  const ids = Object.keys(template.findResources(type));
  expect(ids, type).toHaveLength(1);
  return ids[0]!;
};

/** The statements of the policies attached to the Identity Pool role with this `amr`. */
function roleStatements(template: Template, amr: 'authenticated' | 'unauthenticated') {
  const roles = template.findResources('AWS::IAM::Role', {
    Properties: { Description: Match.stringLikeRegexp(`Cognito ${amr} identities`) },
  });
  const [roleId] = Object.keys(roles);
  expect(roleId, amr).toBeDefined();
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleId }] },
  }) as Resources;
  return Object.values(policies).flatMap(
    ({ Properties }) => (Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

/** Every statement of every identity policy in the template. */
function allStatements(template: Template): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy') as Resources;
  return Object.values(policies).flatMap(
    ({ Properties }) => (Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
const resourcesOf = (statement: Statement) =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** No statement grants these actions on `*`, or on any action wildcard. */
function expectNoWideGrant(template: Template, actions: string[]) {
  for (const statement of allStatements(template)) {
    const granted = actionsOf(statement);
    expect(
      granted.some((action) => action.includes('*')),
      JSON.stringify(granted),
    ).toBe(false);
    if (!granted.some((action) => actions.includes(action))) continue;
    for (const resource of resourcesOf(statement)) {
      expect(resource, JSON.stringify(statement)).not.toBe('*');
    }
  }
}

describe('the -c functionUrl=true stack', () => {
  it('gives the notes function a Function URL with AWS_IAM and the policy’s CORS', () => {
    const functionId = onlyId(withUrl, 'AWS::Lambda::Function');
    const urls = withUrl.findResources('AWS::Lambda::Url') as Resources;
    expect(Object.values(urls).map(({ Properties }) => Properties)).toEqual([
      {
        AuthType: 'AWS_IAM',
        TargetFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
        Cors: {
          AllowOrigins: ORIGINS,
          AllowHeaders: [...CORS_ALLOWED_HEADERS],
          // Function URLs take at most six methods and never OPTIONS: they answer preflights.
          AllowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'],
          ExposeHeaders: [...CORS_EXPOSED_HEADERS],
          AllowCredentials: true,
          MaxAge: CORS_MAX_AGE_SECONDS,
        },
      },
    ]);
    expect(CORS_MAX_AGE_SECONDS).toBeGreaterThan(0);
    expect(CORS_MAX_AGE_SECONDS).toBeLessThanOrEqual(86_400);
  });

  it('lets both Identity Pool roles call that URL, through the URL only, and nothing more', () => {
    const functionArn = { 'Fn::GetAtt': [onlyId(withUrl, 'AWS::Lambda::Function'), 'Arn'] };
    const [stageStatement] = roleStatements(plain, 'authenticated');
    for (const amr of ['authenticated', 'unauthenticated'] as const) {
      expect(roleStatements(withUrl, amr), amr).toEqual([
        stageStatement,
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunctionUrl',
          Resource: functionArn,
          Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
        },
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: functionArn,
          Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
        },
      ]);
    }
    expectNoWideGrant(withUrl, ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction']);
  });

  it('opens the URL to no one else: no resource policy for it, the function’s role unchanged', () => {
    const permissions = withUrl.findResources('AWS::Lambda::Permission') as Resources;
    for (const { Properties } of Object.values(permissions)) {
      expect(Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(Properties.FunctionUrlAuthType).toBeUndefined();
    }
    expect(Object.keys(permissions)).toHaveLength(
      Object.keys(plain.findResources('AWS::Lambda::Permission')).length,
    );
    expect(functionPolicy(withUrl)).toEqual(functionPolicy(plain));
  });

  it('outputs the FunctionUrl', () => {
    const urlId = onlyId(withUrl, 'AWS::Lambda::Url');
    withUrl.hasOutput('FunctionUrl', { Value: { 'Fn::GetAtt': [urlId, 'FunctionUrl'] } });
    expect(Object.keys(withUrl.findOutputs('GraphqlUrl'))).toEqual([]);
  });
});

describe('the -c appsync=true stack', () => {
  it('serves notes.graphql from an AppSync API with IAM as its only auth', () => {
    withGraphql.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AWS_IAM',
      AdditionalAuthenticationProviders: Match.absent(),
    });
    const apiId = onlyId(withGraphql, 'AWS::AppSync::GraphQLApi');
    withGraphql.hasResourceProperties('AWS::AppSync::GraphQLSchema', {
      ApiId: { 'Fn::GetAtt': [apiId, 'ApiId'] },
      Definition: readFileSync(NOTES_SCHEMA_PATH, 'utf8'),
    });
  });

  it('resolves the four fields of the schema with the notes function as Lambda data source', () => {
    const functionId = onlyId(withGraphql, 'AWS::Lambda::Function');
    const sources = withGraphql.findResources('AWS::AppSync::DataSource') as Resources;
    expect(Object.values(sources).map(({ Properties }) => Properties)).toEqual([
      expect.objectContaining({
        Type: 'AWS_LAMBDA',
        LambdaConfig: { LambdaFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] } },
      }),
    ]);
    const sourceName = Object.values(sources)[0]!.Properties.Name;
    const resolvers = withGraphql.findResources('AWS::AppSync::Resolver') as Resources;
    const fields = Object.values(resolvers).map(({ Properties: p }) => {
      expect(p).toMatchObject({
        DataSourceName: sourceName,
        Kind: 'UNIT',
        Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
        Code: APPSYNC_NOTES_RESOLVER_CODE,
      });
      return `${String(p.TypeName)}.${String(p.FieldName)}`;
    });
    expect(fields.sort()).toEqual(
      ['Mutation.deleteNote', 'Mutation.putNote', 'Query.note', 'Query.notes'].sort(),
    );
    // The resolvers cover exactly the schema's fields.
    expect(schemaFields(readFileSync(NOTES_SCHEMA_PATH, 'utf8')).sort()).toEqual(fields.sort());
    expect(NOTES_RESOLVERS.map(([type, field]) => `${type}.${field}`).sort()).toEqual(
      fields.sort(),
    );
  });

  it('lets both Identity Pool roles run that API’s queries and mutations, nothing wider', () => {
    const apiArn = { 'Fn::GetAtt': [onlyId(withGraphql, 'AWS::AppSync::GraphQLApi'), 'Arn'] };
    const [stageStatement] = roleStatements(plain, 'authenticated');
    const fieldsOf = (type: string) => ({
      'Fn::Join': ['', [apiArn, `/types/${type}/fields/*`]],
    });
    for (const amr of ['authenticated', 'unauthenticated'] as const) {
      expect(roleStatements(withGraphql, amr), amr).toEqual([
        stageStatement,
        {
          Effect: 'Allow',
          Action: 'appsync:GraphQL',
          Resource: [fieldsOf('Query'), fieldsOf('Mutation')],
        },
      ]);
    }
    expectNoWideGrant(withGraphql, ['appsync:GraphQL']);
    // AppSync's own role may invoke the function (and its versions); the function's role is as it was.
    const [sourceRoleId] = Object.keys(
      withGraphql.findResources('AWS::IAM::Role', {
        Properties: {
          AssumeRolePolicyDocument: {
            Statement: [Match.objectLike({ Principal: { Service: 'appsync.amazonaws.com' } })],
          },
        },
      }),
    );
    const sourcePolicies = withGraphql.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: sourceRoleId }] },
    }) as Resources;
    const sourceStatements = Object.values(sourcePolicies).flatMap(
      ({ Properties }) => (Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    expect(sourceStatements.flatMap(actionsOf)).toEqual(['lambda:InvokeFunction']);
    expect(functionPolicy(withGraphql)).toEqual(functionPolicy(plain));
  });

  it('keeps one notes table, and outputs the GraphqlUrl', () => {
    expect(Object.keys(withGraphql.findResources('AWS::DynamoDB::Table'))).toHaveLength(1);
    const apiId = onlyId(withGraphql, 'AWS::AppSync::GraphQLApi');
    withGraphql.hasOutput('GraphqlUrl', { Value: { 'Fn::GetAtt': [apiId, 'GraphQLUrl'] } });
    expect(Object.keys(withGraphql.findOutputs('FunctionUrl'))).toEqual([]);
  });
});

describe('both flags together', () => {
  it('add the Function URL and the AppSync API to one function, one table, both outputs', () => {
    expect(Object.keys(withBoth.findResources('AWS::Lambda::Function'))).toHaveLength(1);
    expect(Object.keys(withBoth.findResources('AWS::DynamoDB::Table'))).toHaveLength(1);
    expect(Object.keys(withBoth.findResources('AWS::Lambda::Url'))).toHaveLength(1);
    expect(Object.keys(withBoth.findResources('AWS::AppSync::Resolver'))).toHaveLength(4);
    const actions = roleStatements(withBoth, 'authenticated').flatMap(actionsOf);
    expect(actions).toEqual([
      'execute-api:Invoke',
      'lambda:InvokeFunctionUrl',
      'lambda:InvokeFunction',
      'appsync:GraphQL',
    ]);
    expectNoWideGrant(withBoth, [
      'lambda:InvokeFunctionUrl',
      'lambda:InvokeFunction',
      'appsync:GraphQL',
    ]);
    withBoth.hasOutput('FunctionUrl', Match.anyValue());
    withBoth.hasOutput('GraphqlUrl', Match.anyValue());
  });
});

/** The notes function's own role policy (its table access), which the flags must not change. */
function functionPolicy(template: Template) {
  const functions = template.findResources('AWS::Lambda::Function') as Resources;
  const role = Object.values(functions)[0]!.Properties.Role as { 'Fn::GetAtt': [string, string] };
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: role['Fn::GetAtt'][0] }] },
  }) as Resources;
  return Object.values(policies).map(({ Properties }) => Properties.PolicyDocument);
}

/** `Type.field` for every field of the schema's Query and Mutation types. */
function schemaFields(schema: string): string[] {
  const fields: string[] = [];
  for (const [, type, body] of schema.matchAll(/type (Query|Mutation) \{([^}]*)\}/g)) {
    for (const [, name] of body!.matchAll(/^\s*([A-Za-z_]\w*)\s*[(:]/gm))
      fields.push(`${type}.${name}`);
  }
  return fields;
}
