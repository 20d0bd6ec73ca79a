import { isCoreMessage, type ExtensionRequest, type WorkerRequest } from '../../shared/protocol.ts';
import type { CoreMessages } from './coreMessages.ts';
import { handleMessage } from './handleMessage.ts';
import type { PluginMessage, SigningPlugin } from './SigningPlugin.ts';

/**
 * Answers the page ⇄ worker protocol on `scope`: the core's messages and every plug-in's, each
 * checked for sender and fields before it runs. Returns every type answered, the core's first; a
 * plug-in type that is already taken is a `TypeError`.
 */
export function installMessages(
  scope: ServiceWorkerGlobalScope,
  core: CoreMessages,
  plugins: readonly SigningPlugin[],
): string[] {
  const extensions = pluginMessages(plugins);
  const fields = Object.fromEntries(
    [...extensions].map(([type, message]) => [type, message.fields ?? {}]),
  );
  const handle = (request: WorkerRequest | ExtensionRequest): Promise<unknown> =>
    isCoreMessage(request.type)
      ? (core[request.type as WorkerRequest['type']] as (r: WorkerRequest) => Promise<unknown>)(
          request as WorkerRequest,
        )
      : // handleMessage let only core and plug-in types through.
        extensions.get(request.type)!.handle(request as ExtensionRequest);
  scope.addEventListener('message', (event) => {
    event.waitUntil(handleMessage(event, scope.location.origin, handle, fields));
  });
  return [...Object.keys(core), ...extensions.keys()];
}

/** Every plug-in message by type. */
function pluginMessages(plugins: readonly SigningPlugin[]): Map<string, PluginMessage> {
  const types = new Map<string, { plugin: SigningPlugin; message: PluginMessage }>();
  for (const plugin of plugins) {
    for (const [type, message] of Object.entries(plugin.messages ?? {})) {
      const owner = isCoreMessage(type) ? 'the core protocol' : types.get(type)?.plugin.name;
      if (owner) {
        throw new TypeError(`Plug-in ${plugin.name} adds message "${type}", which ${owner} has.`);
      }
      types.set(type, { plugin, message });
    }
  }
  return new Map([...types].map(([type, { message }]) => [type, message]));
}
