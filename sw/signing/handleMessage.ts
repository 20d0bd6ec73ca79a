import { SigningError, toErrorInfo } from '../../shared/errors.ts';
import {
  validateRequest,
  type ExtensionRequest,
  type MessageFields,
  type WorkerReply,
  type WorkerRequest,
} from '../../shared/protocol.ts';

/** Answers one validated request; throwing a `SigningError` becomes an error reply. */
export type RequestHandler = (request: WorkerRequest | ExtensionRequest) => Promise<unknown>;

/**
 * Checks a message's sender and shape, runs it, and always replies on `event.ports[0]`, errors
 * included, so the page's `messageSW` promise settles. Only same-origin window clients are served;
 * `extensions` are the message types plug-ins added, with their fields.
 */
export async function handleMessage(
  event: ExtendableMessageEvent,
  origin: string,
  handle: RequestHandler,
  extensions: Readonly<Record<string, MessageFields>> = {},
): Promise<void> {
  const port = event.ports[0];
  const reply = (message: WorkerReply) => port?.postMessage(message);
  try {
    const source = event.source;
    if (!isClient(source) || source.type !== 'window' || new URL(source.url).origin !== origin) {
      throw new SigningError(
        'forbidden-client',
        'Messages are accepted only from same-origin windows.',
      );
    }
    if (!port) {
      throw new SigningError(
        'bad-message',
        'Send messages with a MessageChannel port (workbox-window messageSW).',
      );
    }
    const checked = validateRequest(event.data, extensions);
    if ('reason' in checked) throw new SigningError('bad-message', checked.reason);
    reply({ ok: true, result: await handle(checked.request) });
  } catch (error) {
    const info = toErrorInfo(error);
    if (info.code === 'internal') console.error('[signing] message failed:', error);
    reply({ ok: false, error: info });
  }
}

function isClient(source: ExtendableMessageEvent['source']): source is Client {
  return typeof source === 'object' && source !== null && 'url' in source && 'type' in source;
}
