import { workerJsonResponse } from '../signing/workerResponse.ts';
import type { QueuedResponseBody } from './offlineProtocol.ts';

/** HTTP 202 Accepted: the write was taken and will be carried out later. */
const QUEUED_STATUS = 202;

/** The response the app gets for a write queued for later; `online` picks what the message says. */
export function queuedResponse(id: string, pendingWrites: number, online = false): Response {
  const body: QueuedResponseBody = {
    queued: true,
    id,
    pendingWrites,
    message: online
      ? 'The change is saved and will be sent after the changes made before it.'
      : 'You are offline; the change is saved and will be sent when the connection returns.',
  };
  return workerJsonResponse(QUEUED_STATUS, body);
}
