import * as lambda from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  CORS_ALLOWED_HEADERS,
  CORS_MAX_AGE_SECONDS,
  serviceCors,
} from '../../backend/corsPolicy.ts';
import { functionUrlCors } from '../lib/functionUrlCors.ts';

const ORIGINS = ['https://app.example.com'];

describe('the CORS policy as a Function URL’s Cors', () => {
  it('keeps the policy’s origins, headers, credentials and max age, without OPTIONS', () => {
    const cors = functionUrlCors(serviceCors(ORIGINS));
    expect(cors.allowedOrigins).toEqual(ORIGINS);
    expect(cors.allowedHeaders).toEqual(CORS_ALLOWED_HEADERS);
    expect(cors.allowCredentials).toBe(true);
    expect(cors.maxAge?.toSeconds()).toBe(CORS_MAX_AGE_SECONDS);
    expect(cors.allowedMethods).toEqual([
      lambda.HttpMethod.GET,
      lambda.HttpMethod.PUT,
      lambda.HttpMethod.POST,
      lambda.HttpMethod.DELETE,
      lambda.HttpMethod.PATCH,
      lambda.HttpMethod.HEAD,
    ]);
  });

  it('refuses what Lambda would refuse at deploy time', () => {
    const base = serviceCors(ORIGINS);
    for (const cors of [
      { ...base, allowMethods: ['GET', 'CONNECT'] },
      { ...base, allowMethods: [...base.allowMethods, 'TRACE'] },
      { ...base, allowHeaders: Array.from({ length: 101 }, (_, i) => `X-H${i}`) },
      { ...base, maxAge: 0 },
      { ...base, maxAge: 86_401 },
      { ...base, maxAge: 1.5 },
    ]) {
      expect(() => functionUrlCors(cors), JSON.stringify(cors).slice(0, 80)).toThrow(TypeError);
    }
    expect(functionUrlCors({ ...base, maxAge: 86_400 }).maxAge?.toSeconds()).toBe(86_400);
  });
});
