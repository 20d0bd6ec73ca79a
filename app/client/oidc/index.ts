export { createOidcFeed, type OidcFeed, type OidcFeedOptions } from './createOidcFeed.ts';
export type { OidcUser, OidcUserManager, OidcWorkerClient } from './OidcUserManager.ts';
