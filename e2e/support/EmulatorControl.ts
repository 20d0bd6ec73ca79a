import { CONTROL_HEADER, CONTROL_PREFIX } from '../../emulator/cognito/handleControl.ts';
import type { MailMessage } from '../../emulator/cognito/Mailbox.ts';

/** A client for the emulator's `/__emulator/` test controls and its Cognito APIs, for specs and benchmarks. */
export class EmulatorControl {
  constructor(
    readonly cognitoUrl: string,
    readonly clientId: string,
  ) {}

  async counts(): Promise<Record<string, number>> {
    return ((await this.#control('GET', 'counts')) as { counts: Record<string, number> }).counts;
  }

  /** Count of one key, 0 when absent. */
  async count(key: string): Promise<number> {
    return (await this.counts())[key] ?? 0;
  }

  reset(): Promise<unknown> {
    return this.#control('POST', 'reset', {});
  }

  setClock(offsetSeconds: number): Promise<unknown> {
    return this.#control('POST', 'clock', { offsetSeconds });
  }

  settings(values: {
    credentialsTtlSeconds?: number;
    tokenTtlSeconds?: number;
    refreshTokenTtlSeconds?: number;
    emailOtpTtlSeconds?: number;
    allowGuests?: boolean;
    rotateMainClient?: boolean;
    refreshTokenGraceSeconds?: number;
  }): Promise<unknown> {
    return this.#control('POST', 'settings', values);
  }

  expireCredentials(accessKeyId?: string): Promise<unknown> {
    return this.#control('POST', 'credentials/expire', accessKeyId ? { accessKeyId } : {});
  }

  revokeCredentials(accessKeyId?: string): Promise<unknown> {
    return this.#control('POST', 'credentials/revoke', accessKeyId ? { accessKeyId } : {});
  }

  fault(
    operation: string,
    kind: 'error500' | 'throttle' | 'hang' | 'bad-gateway',
    times?: number,
  ): Promise<unknown> {
    return this.#control('POST', 'faults', { operation, kind, times });
  }

  confirmationCode(username: string): Promise<{ code: string }> {
    return this.#control(
      'GET',
      `confirmation-code?username=${encodeURIComponent(username)}`,
    ) as Promise<{
      code: string;
    }>;
  }

  /** The codes the pool e-mailed a user (sign-up and EMAIL_OTP), oldest first. */
  async mailbox(username: string): Promise<MailMessage[]> {
    const path = `mailbox?username=${encodeURIComponent(username)}`;
    return ((await this.#control('GET', path)) as { messages: MailMessage[] }).messages;
  }

  /** Signs in with USER_PASSWORD_AUTH and returns the tokens (the page's job in the app). */
  async tokens(
    username: string,
    password: string,
  ): Promise<{ idToken: string; accessToken: string; refreshToken: string }> {
    const response = await fetch(this.cognitoUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: this.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    });
    const body = (await response.json()) as {
      AuthenticationResult?: { IdToken: string; AccessToken: string; RefreshToken: string };
      message?: string;
    };
    if (!response.ok || !body.AuthenticationResult) {
      throw new Error(`InitiateAuth failed: ${response.status} ${body.message ?? ''}`);
    }
    const r = body.AuthenticationResult;
    return { idToken: r.IdToken, accessToken: r.AccessToken, refreshToken: r.RefreshToken };
  }

  /** Creates and confirms a user through SignUp and ConfirmSignUp. */
  async createUser(username: string, password: string): Promise<void> {
    await this.#cognito('SignUp', {
      ClientId: this.clientId,
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    });
    const { code } = await this.confirmationCode(username);
    await this.#cognito('ConfirmSignUp', {
      ClientId: this.clientId,
      Username: username,
      ConfirmationCode: code,
    });
  }

  async #cognito(operation: string, body: unknown): Promise<unknown> {
    const response = await fetch(this.cognitoUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { message?: string };
    if (!response.ok)
      throw new Error(`${operation} failed: ${response.status} ${json.message ?? ''}`);
    return json;
  }

  async #control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.cognitoUrl}${CONTROL_PREFIX}${path}`, {
      method,
      headers: {
        [CONTROL_HEADER]: '1',
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json();
    if (!response.ok)
      throw new Error(
        `Emulator control ${path} failed: ${response.status} ${JSON.stringify(json)}`,
      );
    return json;
  }
}
