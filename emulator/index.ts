import { createApiServer } from './api/createApiServer.ts';
import { createCognitoServer } from './cognito/createCognitoServer.ts';
import { EmulatorState } from './EmulatorState.ts';
import { close, listen } from './http.ts';
import { createAppSyncServer } from './services/createAppSyncServer.ts';
import { createFunctionUrlServer } from './services/createFunctionUrlServer.ts';
import { createHttpApiServer } from './services/createHttpApiServer.ts';
import { DEFAULT_SETTINGS, type EmulatorSettings } from './settings.ts';

export { EmulatorState } from './EmulatorState.ts';
export { DEFAULT_SETTINGS, settingsFromEnv, type EmulatorSettings } from './settings.ts';

/** A running emulator: its servers, their URLs and the shared state. */
export interface RunningEmulator {
  state: EmulatorState;
  /** User Pool, Identity Pool and `/__emulator/` controls, e.g. `http://127.0.0.1:9229`. */
  cognitoUrl: string;
  /** API Gateway stage URL, e.g. `http://127.0.0.1:9230/dev`. */
  apiUrl: string;
  /** Lambda Function URL (service `lambda`), e.g. `http://127.0.0.1:9231`; no stage prefix. */
  functionUrl: string;
  /** API Gateway HTTP API `$default` stage (service `execute-api`), e.g. `http://127.0.0.1:9232`. */
  httpApiUrl: string;
  /** AppSync GraphQL endpoint (service `appsync`), e.g. `http://127.0.0.1:9233/graphql`. */
  appSyncUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the Cognito, API Gateway REST, Function URL, HTTP API and AppSync servers; ports of 0 pick
 * free ones. If one cannot listen, the ones already listening are closed again.
 */
export async function startEmulator(
  overrides: Partial<EmulatorSettings> = {},
): Promise<RunningEmulator> {
  const state = new EmulatorState({ ...DEFAULT_SETTINGS, ...overrides });
  const { host } = state.settings;
  const servers = [
    [createCognitoServer(state), state.settings.cognitoPort],
    [createApiServer(state), state.settings.apiPort],
    [createFunctionUrlServer(state), state.settings.functionUrlPort],
    [createHttpApiServer(state), state.settings.httpApiPort],
    [createAppSyncServer(state), state.settings.appSyncPort],
  ] as const;
  const closeAll = async () => {
    await Promise.all(servers.map(([server]) => close(server)));
  };
  const ports: number[] = [];
  try {
    for (const [server, port] of servers) ports.push(await listen(server, port, host));
  } catch (error) {
    await closeAll();
    throw error;
  }
  const [cognitoPort, apiPort, functionUrlPort, httpApiPort, appSyncPort] = ports;
  return {
    state,
    cognitoUrl: `http://${host}:${cognitoPort}`,
    apiUrl: `http://${host}:${apiPort}/${state.settings.stage}`,
    functionUrl: `http://${host}:${functionUrlPort}`,
    httpApiUrl: `http://${host}:${httpApiPort}`,
    appSyncUrl: `http://${host}:${appSyncPort}/graphql`,
    close: closeAll,
  };
}
