import { describe, expect, it } from 'vitest';
import { awsHostTarget } from '../awsHost.ts';

describe('awsHostTarget', () => {
  it.each([
    ['abc123defg.execute-api.eu-west-1.amazonaws.com', 'execute-api', 'eu-west-1'],
    [
      'abc123defg-vpce-0a1b2c3d4e5f.execute-api.us-east-1.vpce.amazonaws.com',
      'execute-api',
      'us-east-1',
    ],
    ['abc123defg.execute-api.cn-north-1.amazonaws.com.cn', 'execute-api', 'cn-north-1'],
    ['abc123defg.execute-api.us-gov-west-1.amazonaws.com', 'execute-api', 'us-gov-west-1'],
    [
      'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6.lambda-url.ap-southeast-2.on.aws',
      'lambda',
      'ap-southeast-2',
    ],
    ['xyzabc1234567890abcdefghij.appsync-api.us-west-2.amazonaws.com', 'appsync', 'us-west-2'],
    ['ABC123.Execute-Api.EU-WEST-1.amazonaws.com', 'execute-api', 'eu-west-1'],
  ])('reads the service and region of %s', (host, service, region) => {
    expect(awsHostTarget(host)).toEqual({ service, region });
  });

  it.each([
    'api.example.com',
    '127.0.0.1',
    'localhost',
    // Look-alikes: the AWS suffix must end the host name.
    'abc.execute-api.us-east-1.amazonaws.com.evil.example',
    'abc.lambda-url.us-east-1.on.aws.example.com',
    'execute-api.us-east-1.amazonaws.com',
    'abc.appsync-realtime-api.us-east-1.amazonaws.com',
    'abc.execute-api.nowhere.amazonaws.com',
  ])('says nothing about %s', (host) => {
    expect(awsHostTarget(host)).toBeUndefined();
  });
});
