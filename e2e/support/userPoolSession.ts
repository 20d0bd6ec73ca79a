import type { Page } from '@playwright/test';

/** Tokens as the User Pool issues them. */
export interface UserPoolTokens {
  idToken: string;
  accessToken: string;
  refreshToken: string;
}

/**
 * Stores tokens where amazon-cognito-identity-js keeps its session (the page's localStorage), as
 * its own sign-in would: the demo page then answers `token-needed` from this session.
 */
export async function storeUserPoolSession(
  page: Page,
  clientId: string,
  username: string,
  tokens: UserPoolTokens,
): Promise<void> {
  await page.evaluate(
    ({ clientId, username, tokens }) => {
      const prefix = `CognitoIdentityServiceProvider.${clientId}`;
      localStorage.setItem(`${prefix}.LastAuthUser`, username);
      localStorage.setItem(`${prefix}.${username}.idToken`, tokens.idToken);
      localStorage.setItem(`${prefix}.${username}.accessToken`, tokens.accessToken);
      localStorage.setItem(`${prefix}.${username}.refreshToken`, tokens.refreshToken);
      localStorage.setItem(`${prefix}.${username}.clockDrift`, '0');
    },
    { clientId, username, tokens },
  );
}
