/** One message with a code that the User Pool "sent" by e-mail. */
export interface MailMessage {
  /** The address it went to, unmasked. */
  to: string;
  /** What the code is for: a sign-up confirmation or an EMAIL_OTP sign-in. */
  purpose: 'SIGN_UP' | 'EMAIL_OTP';
  code: string;
  /** Epoch milliseconds on the emulator's clock. */
  sentAt: number;
}

/** Most messages kept per user: tests read the latest, and a resend loop must not grow without bound. */
const MAX_MESSAGES_PER_USER = 20;

/**
 * The e-mails the User Pool sends, per user (any letter case), in memory only. Only the test controls
 * read it (`GET /__emulator/mailbox?username=`), never a page: codes must not be readable over CORS.
 */
export class Mailbox {
  private readonly messages = new Map<string, MailMessage[]>();

  /** Puts a message in a user's mailbox. */
  deliver(username: string, message: MailMessage): void {
    const key = username.toLowerCase();
    const list = [...(this.messages.get(key) ?? []), message].slice(-MAX_MESSAGES_PER_USER);
    this.messages.set(key, list);
  }

  /** A user's messages, oldest first. */
  read(username: string): MailMessage[] {
    return [...(this.messages.get(username.toLowerCase()) ?? [])];
  }
}
