// In-page signing with the AWS SDK's signer and its pure-JS SHA-256.
export { Sha256 } from '@aws-crypto/sha256-js';
export { SignatureV4 } from '@smithy/signature-v4';
