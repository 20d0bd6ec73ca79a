import type { Node } from 'constructs';
import { checkAllowedOrigins } from '../../backend/corsPolicy.ts';
import type { BackendStackProps } from './BackendStack.ts';

/** Vite's dev server and `vite preview` on loopback: deploy, build, and open the app locally. */
export const DEFAULT_ALLOWED_ORIGINS = [
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4173',
  'http://127.0.0.1:4173',
];

/** The default API Gateway stage, as the emulator's. */
export const DEFAULT_STAGE = 'dev';

/**
 * The stack's settings from CDK context (`-c allowedOrigins=https://a.example,https://b.example`,
 * `-c guestAccess=true`, `-c stage=prod`, `-c functionUrl=true`, `-c appsync=true`), checked:
 * exact origins only, a valid stage name, flags true or false.
 */
export function readBackendContext(
  node: Pick<Node, 'tryGetContext'>,
): Pick<
  BackendStackProps,
  'allowedOrigins' | 'guestAccess' | 'stageName' | 'functionUrl' | 'appsync'
> {
  const rawOrigins: unknown = node.tryGetContext('allowedOrigins');
  const origins =
    rawOrigins === undefined
      ? DEFAULT_ALLOWED_ORIGINS
      : Array.isArray(rawOrigins)
        ? rawOrigins.map(String)
        : String(rawOrigins)
            .split(',')
            .map((origin) => origin.trim())
            .filter(Boolean);
  const allowedOrigins = checkAllowedOrigins(origins);
  // The OPTIONS mock integration compares origins for equality; it has no port patterns.
  const pattern = allowedOrigins.find((origin) => origin.endsWith(':*'));
  if (pattern) throw new TypeError(`allowedOrigins: "${pattern}" must name its port in AWS`);

  const guestAccess = readFlag(node, 'guestAccess');
  const functionUrl = readFlag(node, 'functionUrl');
  const appsync = readFlag(node, 'appsync');
  const stageName = String(node.tryGetContext('stage') ?? DEFAULT_STAGE);
  if (!/^[A-Za-z0-9_]{1,128}$/.test(stageName)) {
    throw new TypeError(`stage must be letters, digits or '_', got "${stageName}"`);
  }
  return { allowedOrigins, guestAccess, stageName, functionUrl, appsync };
}

/** A flag from context: `true`/`false` as JSON (cdk.json) or text (`-c name=true`); unset is false. */
function readFlag(
  node: Pick<Node, 'tryGetContext'>,
  name: 'guestAccess' | 'functionUrl' | 'appsync',
): boolean {
  const raw: unknown = node.tryGetContext(name) ?? false;
  if (![true, false, 'true', 'false'].includes(raw as string)) {
    throw new TypeError(`${name} must be true or false, got "${String(raw)}"`);
  }
  return raw === true || raw === 'true';
}
