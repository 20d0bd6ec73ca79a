import { App } from 'aws-cdk-lib';
import { BackendStack } from '../lib/BackendStack.ts';
import { readBackendContext } from '../lib/readBackendContext.ts';

/** The stack's name in CloudFormation; `-c stackName=…` deploys a second copy beside it. */
const DEFAULT_STACK_NAME = 'SigV4NotesBackend';

const app = new App();
new BackendStack(app, String(app.node.tryGetContext('stackName') ?? DEFAULT_STACK_NAME), {
  ...readBackendContext(app.node),
  description: 'sigv4-service-worker: Cognito, an IAM-authorized API Gateway and the notes API',
});
