import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CORS_ALLOWED_HEADERS,
  CORS_EXPOSED_HEADERS,
  CORS_GATEWAY_RESPONSES,
} from '../../backend/corsPolicy.ts';
import { BackendStack } from '../lib/BackendStack.ts';

const ORIGINS = ['https://app.example.com', 'http://localhost:5173'];

/** Resources of one type, by logical id. */
type Resources = Record<string, { Properties: Record<string, unknown> }>;

let app: App;
let template: Template;
let guests: Template;

// One synth (bundling the Lambda with esbuild, offline) serves every assertion below.
beforeAll(() => {
  app = new App();
  const stack = new BackendStack(app, 'Notes', {
    allowedOrigins: ORIGINS,
    guestAccess: false,
    stageName: 'dev',
  });
  const withGuests = new BackendStack(app, 'NotesWithGuests', {
    allowedOrigins: ORIGINS,
    guestAccess: true,
    stageName: 'dev',
  });
  template = Template.fromStack(stack);
  guests = Template.fromStack(withGuests);
});

describe('the backend stack', () => {
  it('puts AWS_IAM on every method but the CORS preflight', () => {
    const methods = template.findResources('AWS::ApiGateway::Method') as Resources;
    const byVerb = Object.values(methods).map(({ Properties: p }) => [
      p.HttpMethod,
      p.AuthorizationType,
    ]);
    const signed = byVerb.filter(([verb]) => verb !== 'OPTIONS');
    expect(signed.map(([verb]) => verb).sort()).toEqual(['DELETE', 'GET', 'GET', 'PUT']);
    for (const [verb, auth] of byVerb) {
      expect(auth, String(verb)).toBe(verb === 'OPTIONS' ? 'NONE' : 'AWS_IAM');
    }
  });

  it('lets the authenticated role invoke this API’s stage and nothing else', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { Description: Match.stringLikeRegexp('authenticated identities') },
    });
    const [roleId] = Object.keys(roles);
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: roleId }] },
    }) as Resources;
    const statements = Object.values(policies).flatMap(
      ({ Properties }) => (Properties.PolicyDocument as { Statement: unknown[] }).Statement,
    );
    const apiId = Object.keys(template.findResources('AWS::ApiGateway::RestApi'))[0];
    const stageId = Object.keys(template.findResources('AWS::ApiGateway::Stage'))[0];
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':execute-api:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':',
              { Ref: apiId },
              '/',
              { Ref: stageId },
              '/*/*',
            ],
          ],
        },
      },
    ]);
    template.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'dev' });
    // Only identities of this pool that signed in may take the role.
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('authenticated identities'),
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'cognito-identity.amazonaws.com:aud': { Ref: 'Identities' } },
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
            },
          }),
        ],
      },
    });
  });

  it('has an unauthenticated role only when guest access is switched on', () => {
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: false,
    });
    template.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      Roles: { authenticated: Match.anyValue(), unauthenticated: Match.absent() },
    });
    expect(Object.keys(template.findResources('AWS::IAM::Role'))).toHaveLength(2);
    guests.hasResourceProperties('AWS::Cognito::IdentityPool', {
      AllowUnauthenticatedIdentities: true,
    });
    guests.hasResourceProperties('AWS::Cognito::IdentityPoolRoleAttachment', {
      Roles: { authenticated: Match.anyValue(), unauthenticated: Match.anyValue() },
    });
  });

  it('gives the app client no secret, SRP and refresh only, and no OAuth', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AllowedOAuthFlows: Match.absent(),
    });
    template.hasResourceProperties('AWS::Cognito::IdentityPool', {
      CognitoIdentityProviders: [
        Match.objectLike({ ClientId: Match.anyValue(), ServerSideTokenCheck: true }),
      ],
    });
  });

  it('puts the CORS headers on the DEFAULT_4XX and DEFAULT_5XX gateway responses', () => {
    expect(CORS_GATEWAY_RESPONSES).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX']);
    for (const type of CORS_GATEWAY_RESPONSES) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        ResponseParameters: {
          'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.origin',
          'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
          'gatewayresponse.header.Access-Control-Expose-Headers': `'${CORS_EXPOSED_HEADERS.join(', ')}'`,
          'gatewayresponse.header.Vary': "'Origin'",
        },
      });
    }
  });

  it('answers preflights with the policy’s headers, credentials and the listed origins', () => {
    const preflights = template.findResources('AWS::ApiGateway::Method', {
      Properties: { HttpMethod: 'OPTIONS' },
    }) as Resources;
    expect(Object.keys(preflights)).toHaveLength(3);
    for (const { Properties } of Object.values(preflights)) {
      const [response] = (
        Properties.Integration as {
          IntegrationResponses: {
            StatusCode: string;
            ResponseParameters: Record<string, string>;
            ResponseTemplates: Record<string, string>;
          }[];
        }
      ).IntegrationResponses;
      const header = (name: string) =>
        response!.ResponseParameters[`method.response.header.${name}`];
      expect(response!.StatusCode).toBe('204');
      expect(header('Access-Control-Allow-Headers')).toBe(`'${CORS_ALLOWED_HEADERS.join(',')}'`);
      expect(header('Access-Control-Allow-Credentials')).toBe("'true'");
      expect(header('Access-Control-Allow-Origin')).toBe(`'${ORIGINS[0]}'`);
      expect(response!.ResponseTemplates['application/json']).toContain(
        `$origin == "${ORIGINS[1]}"`,
      );
    }
  });

  it('never allows a wildcard origin anywhere', () => {
    const text = JSON.stringify(template.toJSON());
    const origins = [...text.matchAll(/Access-Control-Allow-Origin":"([^"]*)"/g)].map((m) => m[1]);
    expect(origins.length).toBeGreaterThan(0);
    for (const value of origins) expect(value).not.toContain('*');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { ALLOWED_ORIGINS: ORIGINS.join(',') } },
    });
  });

  it('keys the pay-per-request notes table by the caller’s identity id', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'identityId', KeyType: 'HASH' },
        { AttributeName: 'noteId', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      ProvisionedThroughput: Match.absent(),
    });
  });

  it('runs the shared notes code in a Node.js Lambda behind every notes method', () => {
    const functions = template.findResources('AWS::Lambda::Function') as Resources;
    expect(Object.keys(functions)).toHaveLength(1);
    const [fn] = Object.values(functions);
    expect(fn!.Properties.Handler).toBe('index.handler');
    expect(String(fn!.Properties.Runtime)).toMatch(/^nodejs\d+\.x$/);
    // The bundle's source map names what went in: the backend's entry and its notes handler.
    const assetKey = (fn!.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    const mapPath = join(app.outdir, `asset.${assetKey}`, 'index.mjs.map');
    expect(existsSync(mapPath), readdirSync(app.outdir).join(', ')).toBe(true);
    const sources = (JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[] }).sources;
    expect(sources).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/(^|\/)backend\/lambda\.ts$/),
        expect.stringMatching(/(^|\/)backend\/handleNotesRequest\.ts$/),
        expect.stringMatching(/(^|\/)backend\/DynamoNotesStorage\.ts$/),
      ]),
    );
    const functionId = Object.keys(functions)[0];
    const integrated = template.findResources('AWS::ApiGateway::Method', {
      Properties: { Integration: { Type: 'AWS_PROXY' } },
    }) as Resources;
    expect(Object.keys(integrated)).toHaveLength(4);
    for (const { Properties } of Object.values(integrated)) {
      expect(JSON.stringify(Properties.Integration)).toContain(functionId);
    }
  });

  it('synthesizes the pre-issue-18 template when no flag is set', async () => {
    // Asset hashes change with any backend code; everything else must stay as it was before the
    // Function URL and AppSync flags (regenerate with `vitest -u` only for a deliberate change).
    const text = JSON.stringify(template.toJSON(), null, 2).replace(
      /[0-9a-f]{64}/g,
      '<asset-hash>',
    );
    await expect(text).toMatchFileSnapshot('./__snapshots__/BackendStack.default.json');
  });

  it('outputs every field the app’s configuration needs', () => {
    for (const name of [
      'Region',
      'UserPoolId',
      'UserPoolClientId',
      'IdentityPoolId',
      'ApiUrl',
      'GuestAccess',
    ]) {
      template.hasOutput(name, Match.anyValue());
    }
  });
});
