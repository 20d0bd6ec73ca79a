import {
  PROTOCOL_VERSION,
  type WorkerEvent,
  type WorkerRequest,
  type WorkerResults,
} from '../../shared/protocol.ts';
import type { CredentialManager } from './CredentialManager.ts';

/** An answer for each core message type, typed by `shared/protocol.ts`'s requests and results. */
export type CoreMessages = {
  [T in WorkerRequest['type']]: (
    request: Extract<WorkerRequest, { type: T }>,
  ) => Promise<WorkerResults[T]>;
};

/** What the core's answers act on. */
export interface CoreMessageContext {
  credentials: CredentialManager;
  scope: ServiceWorkerGlobalScope;
  /** Posts an event to every window of the origin. */
  broadcast(event: WorkerEvent): Promise<void>;
}

/** The core protocol's answers: sign-in, token hand-over, sign-out, status and claim. */
export function coreMessages({ credentials, scope, broadcast }: CoreMessageContext): CoreMessages {
  const signedOut = () => broadcast({ type: 'signed-out', v: PROTOCOL_VERSION });
  return {
    'sign-in': async ({ idToken }) => {
      const before = await credentials.status();
      let result;
      try {
        result = await credentials.signIn(idToken);
      } catch (error) {
        // Another user's sign-in ends the previous session before Cognito answers: say so everywhere.
        if (before.signedIn && !(await credentials.status()).signedIn) await signedOut();
        throw error;
      }
      const { username } = await credentials.status();
      const { identityId } = result;
      await broadcast({ type: 'signed-in', v: PROTOCOL_VERSION, identityId, username });
      return result;
    },
    token: ({ idToken }) => credentials.acceptToken(idToken),
    'no-token': async () => {
      const ended = await credentials.endExpiredSession();
      if (ended) await signedOut();
      return { signedOut: ended };
    },
    'sign-out': async () => {
      await credentials.signOut();
      await signedOut();
      return {};
    },
    status: () => credentials.status(),
    claim: async () => {
      await scope.clients.claim();
      return {};
    },
  };
}
