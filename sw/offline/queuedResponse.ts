import { WORKER_RESPONSE_HEADER } from '../../shared/protocol.ts';
import type { QueuedResponseBody } from './offlineProtocol.ts';

/** HTTP 202 Accepted: the write was taken and will be carried out later. */
const QUEUED_STATUS = 202;

/** The response the app gets for a write queued offline. */
export function queuedResponse(id: string, pendingWrites: number): Response {
  const body: QueuedResponseBody = {
    queued: true,
    id,
    pendingWrites,
    message: 'You are offline; the change is saved and will be sent when the connection returns.',
  };
  return new Response(JSON.stringify(body), {
    status: QUEUED_STATUS,
    headers: { 'Content-Type': 'application/json', [WORKER_RESPONSE_HEADER]: '1' },
  });
}
