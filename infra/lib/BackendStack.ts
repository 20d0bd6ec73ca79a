import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { APPSYNC_NOTES_RESOLVER_CODE } from '../../backend/appSyncNotesResolverCode.ts';
import {
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_EXPOSED_HEADERS,
  CORS_GATEWAY_RESPONSES,
  CORS_MAX_AGE_SECONDS,
  CORS_PREFLIGHT_STATUS,
  serviceCors,
} from '../../backend/corsPolicy.ts';
import type { NotesField } from '../../backend/notesGraphql.ts';
import { NOTE_KEY, OWNER_KEY } from '../../backend/notesTable.ts';
import { functionUrlCors } from './functionUrlCors.ts';

/** The repository root: the Lambda is bundled from `backend/` with the root lockfile. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The shared notes code's Lambda entry (`backend/lambda.ts`, export `handler`). */
export const NOTES_LAMBDA_ENTRY = `${REPO_ROOT}backend/lambda.ts`;

/** The notes API's GraphQL schema, the one the emulator serves. */
export const NOTES_SCHEMA_PATH = `${REPO_ROOT}backend/notes.graphql`;

/** Every field of `notes.graphql`, each resolved by the notes Lambda. */
export const NOTES_RESOLVERS: readonly (readonly ['Query' | 'Mutation', NotesField])[] = [
  ['Query', 'notes'],
  ['Query', 'note'],
  ['Mutation', 'putNote'],
  ['Mutation', 'deleteNote'],
];

/** Enough for a DynamoDB round trip with a cold start; API Gateway gives up at 29 s anyway. */
const LAMBDA_TIMEOUT = Duration.seconds(10);

/** The smallest size with a fast cold start for the SDK client; notes are small. */
const LAMBDA_MEMORY_MB = 256;

/** A month of logs is enough to debug, and old logs stop costing. */
const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** Steady requests per second the stage accepts before answering 429. */
const THROTTLE_RATE_PER_SECOND = 50;

/** Requests the stage accepts at once above the steady rate. */
const THROTTLE_BURST = 100;

/** What a deployment varies: see `readBackendContext`. */
export interface BackendStackProps extends StackProps {
  /** Exact origins the app is served from; never `*` (the API answers with credentials). */
  allowedOrigins: string[];
  /** Whether signed-out visitors get guest identities (an unauthenticated role). */
  guestAccess: boolean;
  /** API Gateway stage name, the first path segment of the API URL. */
  stageName: string;
  /** Whether the notes function also gets a Function URL with `AWS_IAM` (output `FunctionUrl`). */
  functionUrl?: boolean;
  /** Whether an AppSync GraphQL API with IAM auth serves the notes too (output `GraphqlUrl`). */
  appsync?: boolean;
}

/**
 * The demo's whole backend: a User Pool with an app client without a secret, an Identity Pool
 * whose roles may only invoke this API's stage, an API Gateway REST API with `AWS_IAM` on every
 * method, and the notes Lambda (the code the emulator runs) over a pay-per-request table keyed
 * by the caller's identity id. CORS comes from `backend/corsPolicy.ts`, as the emulator's does.
 * Switched on, the same function also answers a Function URL and an AppSync API (issue 18).
 */
export class BackendStack extends Stack {
  constructor(scope: Construct, id: string, props: BackendStackProps) {
    super(scope, id, props);
    const { allowedOrigins, guestAccess, stageName } = props;
    const { functionUrl: withFunctionUrl = false, appsync: withAppSync = false } = props;

    const userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // A demo backend: `npm run destroy` leaves nothing behind (users included).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const appClient = userPool.addClient('WebClient', {
      // A browser cannot keep a secret; Cognito would demand a SECRET_HASH on every call.
      generateSecret: false,
      // SRP only (the password never leaves the page); CDK always adds ALLOW_REFRESH_TOKEN_AUTH.
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      // The app signs in through the API, not Cognito's hosted pages: no OAuth flows to abuse.
      disableOAuth: true,
    });

    const identityPool = new cognito.CfnIdentityPool(this, 'Identities', {
      allowUnauthenticatedIdentities: guestAccess,
      cognitoIdentityProviders: [
        {
          clientId: appClient.userPoolClientId,
          providerName: userPool.userPoolProviderName,
          // Cognito refuses ID tokens of users signed out globally.
          serverSideTokenCheck: true,
        },
      ],
    });

    const table = new dynamodb.Table(this, 'Notes', {
      partitionKey: { name: OWNER_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: NOTE_KEY, type: dynamodb.AttributeType.STRING },
      // Nothing provisioned: an idle table costs only its storage.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const notesFunction = new NodejsFunction(this, 'NotesFunction', {
      entry: NOTES_LAMBDA_ENTRY,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: LAMBDA_MEMORY_MB,
      timeout: LAMBDA_TIMEOUT,
      logGroup: new logs.LogGroup(this, 'NotesFunctionLogs', {
        retention: LOG_RETENTION,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      environment: {
        TABLE_NAME: table.tableName,
        ALLOWED_ORIGINS: allowedOrigins.join(','),
      },
      bundling: {
        format: OutputFormat.ESM,
        // The Node.js runtime ships the AWS SDK v3; bundling it again only slows cold starts.
        externalModules: ['@aws-sdk/*'],
        minify: true,
        sourceMap: true,
      },
    });
    table.grantReadWriteData(notesFunction);

    const api = new apigateway.RestApi(this, 'Api', {
      restApiName: `${this.stackName}-api`,
      description: 'The notes API, signed with SigV4 by the service worker',
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      deployOptions: {
        stageName,
        // A ceiling on what a runaway client (or someone else's loop) can cost; far above a
        // person's use of the notes app.
        throttlingRateLimit: THROTTLE_RATE_PER_SECOND,
        throttlingBurstLimit: THROTTLE_BURST,
      },
      // API Gateway's CloudWatch role is an account-wide setting; a demo stack should not own it.
      cloudWatchRole: false,
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
      // The OPTIONS mock integration on every resource, without auth, as the browser sends it.
      defaultCorsPreflightOptions: {
        allowOrigins: allowedOrigins,
        allowHeaders: [...CORS_ALLOWED_HEADERS],
        allowMethods: [...CORS_ALLOWED_METHODS],
        exposeHeaders: [...CORS_EXPOSED_HEADERS],
        allowCredentials: true,
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
        statusCode: CORS_PREFLIGHT_STATUS,
      },
    });
    // API Gateway's own errors (a bad signature's 403, throttling, a failed Lambda's 502) need
    // CORS too, or the worker cannot read the 403s it recovers from.
    for (const type of CORS_GATEWAY_RESPONSES) {
      api.addGatewayResponse(type, {
        type: apigateway.ResponseType[type],
        responseHeaders: {
          // A gateway response can map headers but not test them: it echoes the caller's Origin.
          'Access-Control-Allow-Origin': 'method.request.header.origin',
          'Access-Control-Allow-Credentials': "'true'",
          'Access-Control-Expose-Headers': `'${CORS_EXPOSED_HEADERS.join(', ')}'`,
          Vary: "'Origin'",
        },
      });
    }
    // No console test-invoke permission: only the deployed stage may call the function.
    const notesIntegration = new apigateway.LambdaIntegration(notesFunction, {
      allowTestInvoke: false,
    });
    const notes = api.root.addResource('notes');
    notes.addMethod('GET', notesIntegration);
    const note = notes.addResource('{id}');
    for (const method of ['GET', 'PUT', 'DELETE']) note.addMethod(method, notesIntegration);

    // Signed-in users, and guests when switched on, may call this API's stage and nothing else.
    const invokeThisStage = new iam.PolicyStatement({
      actions: ['execute-api:Invoke'],
      resources: [api.arnForExecuteApi('*', '/*', api.deploymentStage.stageName)],
    });
    const identityStatements = [invokeThisStage];
    const extraOutputs: [id: string, value: string][] = [];

    if (withFunctionUrl) {
      const url = notesFunction.addFunctionUrl({
        authType: lambda.FunctionUrlAuthType.AWS_IAM,
        cors: functionUrlCors(serviceCors(allowedOrigins)),
      });
      identityStatements.push(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunctionUrl'],
          resources: [notesFunction.functionArn],
          conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
        }),
        // "Starting in October 2025, new function URLs will require both lambda:InvokeFunctionUrl
        // and lambda:InvokeFunction permissions"; a same-account caller may hold both in its
        // identity-based policy (https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html).
        // The condition keeps this grant to calls through the URL, as AddPermission's
        // InvokedViaFunctionUrl does (and aws-cdk-lib 2.276's grantInvokeUrl writes the same pair).
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [notesFunction.functionArn],
          conditions: { Bool: { 'lambda:InvokedViaFunctionUrl': true } },
        }),
      );
      extraOutputs.push(['FunctionUrl', url.url]);
    }

    if (withAppSync) {
      const graphql = new appsync.GraphqlApi(this, 'GraphqlApi', {
        name: `${this.stackName}-graphql`,
        definition: appsync.Definition.fromFile(NOTES_SCHEMA_PATH),
        authorizationConfig: {
          defaultAuthorization: { authorizationType: appsync.AuthorizationType.IAM },
        },
      });
      // AppSync's own service role invokes the function; the function's role stays as it was.
      const notesSource = graphql.addLambdaDataSource('NotesDataSource', notesFunction);
      const code = appsync.Code.fromInline(APPSYNC_NOTES_RESOLVER_CODE);
      for (const [typeName, fieldName] of NOTES_RESOLVERS) {
        notesSource.createResolver(`${typeName}${fieldName}Resolver`, {
          typeName,
          fieldName,
          runtime: appsync.FunctionRuntime.JS_1_0_0,
          code,
        });
      }
      identityStatements.push(
        new iam.PolicyStatement({
          actions: ['appsync:GraphQL'],
          resources: ['Query', 'Mutation'].map((type) => `${graphql.arn}/types/${type}/fields/*`),
        }),
      );
      extraOutputs.push(['GraphqlUrl', graphql.graphqlUrl]);
    }
    const roleFor = (id: string, amr: 'authenticated' | 'unauthenticated') => {
      const role = new iam.Role(this, id, {
        description: `Cognito ${amr} identities of ${this.stackName}`,
        assumedBy: new iam.FederatedPrincipal(
          'cognito-identity.amazonaws.com',
          {
            StringEquals: { 'cognito-identity.amazonaws.com:aud': identityPool.ref },
            'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
          },
          'sts:AssumeRoleWithWebIdentity',
        ),
      });
      for (const statement of identityStatements) role.addToPolicy(statement);
      return role;
    };
    const authenticatedRole = roleFor('AuthenticatedRole', 'authenticated');
    new cognito.CfnIdentityPoolRoleAttachment(this, 'IdentityRoles', {
      identityPoolId: identityPool.ref,
      roles: {
        authenticated: authenticatedRole.roleArn,
        ...(guestAccess
          ? { unauthenticated: roleFor('GuestRole', 'unauthenticated').roleArn }
          : {}),
      },
    });

    // `npm run deploy` turns these into the app's `VITE_*` settings (see envFromOutputs.ts).
    const output = (id: string, value: string) => new CfnOutput(this, id, { value });
    output('Region', this.region);
    output('UserPoolId', userPool.userPoolId);
    output('UserPoolClientId', appClient.userPoolClientId);
    output('IdentityPoolId', identityPool.ref);
    output('ApiUrl', api.url);
    output('GuestAccess', String(guestAccess));
    for (const [id, value] of extraOutputs) output(id, value);
  }
}
