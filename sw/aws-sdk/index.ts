export { awsSdkIdentity, type AwsSdkIdentityOptions } from './awsSdkIdentity.ts';
