import { createApiServer } from './api/createApiServer.ts';
import { createCognitoServer } from './cognito/createCognitoServer.ts';
import { EmulatorState } from './EmulatorState.ts';
import { close, listen } from './http.ts';
import { DEFAULT_SETTINGS, type EmulatorSettings } from './settings.ts';

export { EmulatorState } from './EmulatorState.ts';
export { DEFAULT_SETTINGS, settingsFromEnv, type EmulatorSettings } from './settings.ts';

/** A running emulator: both servers, their URLs and the shared state. */
export interface RunningEmulator {
  state: EmulatorState;
  /** User Pool, Identity Pool and `/__emulator/` controls, e.g. `http://127.0.0.1:9229`. */
  cognitoUrl: string;
  /** API Gateway stage URL, e.g. `http://127.0.0.1:9230/dev`. */
  apiUrl: string;
  close(): Promise<void>;
}

/** Starts the Cognito and API Gateway servers; ports of 0 pick free ones. */
export async function startEmulator(
  overrides: Partial<EmulatorSettings> = {},
): Promise<RunningEmulator> {
  const state = new EmulatorState({ ...DEFAULT_SETTINGS, ...overrides });
  const { host } = state.settings;
  const cognito = createCognitoServer(state);
  const api = createApiServer(state);
  const cognitoPort = await listen(cognito, state.settings.cognitoPort, host);
  const apiPort = await listen(api, state.settings.apiPort, host).catch(async (error: unknown) => {
    await close(cognito);
    throw error;
  });
  return {
    state,
    cognitoUrl: `http://${host}:${cognitoPort}`,
    apiUrl: `http://${host}:${apiPort}/${state.settings.stage}`,
    close: async () => {
      await Promise.all([close(cognito), close(api)]);
    },
  };
}
