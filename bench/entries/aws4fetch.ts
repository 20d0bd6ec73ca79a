// In-page signing with aws4fetch: what an app bundles to sign requests itself.
export { AwsClient } from 'aws4fetch';
