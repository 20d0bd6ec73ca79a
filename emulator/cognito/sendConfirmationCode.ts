import { randomInt } from 'node:crypto';
import { maskEmail } from './maskEmail.ts';
import type { UserPool } from './UserPool.ts';

/** A new six-digit sign-up confirmation code, as Cognito sends them. */
export function newConfirmationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * "Sends" a sign-up code: into the mailbox when the user has an e-mail address, to the console
 * when the emulator logs. Returns the `CodeDeliveryDetails` part of Cognito's answer (none without
 * an address).
 */
export function sendConfirmationCode(
  pool: UserPool,
  username: string,
  email: string | undefined,
  code: string,
) {
  if (email !== undefined) {
    pool.mailbox.deliver(username, {
      to: email,
      purpose: 'SIGN_UP',
      code,
      sentAt: pool.state.now(),
    });
  }
  if (pool.state.settings.log) {
    console.log(`[cognito] confirmation code for "${username}": ${code}`);
  }
  return email === undefined
    ? {}
    : {
        CodeDeliveryDetails: {
          Destination: maskEmail(email),
          DeliveryMedium: 'EMAIL',
          AttributeName: 'email',
        },
      };
}
