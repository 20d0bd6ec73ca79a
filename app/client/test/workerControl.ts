import type { WorkerReply } from '../../../shared/protocol.ts';

/** A message the scripted worker received from a page, with the id of the client that sent it. */
export interface ReceivedMessage {
  message: unknown;
  clientId: string;
}

/** What a test asks of the scripted worker, outside the protocol under test. */
export type ControlCommand =
  /** Every message received so far, in order. */
  | { kind: 'received' }
  /** Answer every later message of type `to` with `reply`. */
  | { kind: 'reply'; to: string; reply: WorkerReply }
  /** Post `event` to every window client; answers how many there were. */
  | { kind: 'broadcast'; event: unknown };
