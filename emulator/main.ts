import { settingsFromEnv, startEmulator } from './index.ts';

const emulator = await startEmulator(settingsFromEnv());
const { settings } = emulator.state;
console.log(
  `Cognito emulator  ${emulator.cognitoUrl}  (User Pool ${settings.userPoolId}, Identity Pool ${settings.identityPoolId})`,
);
console.log(`API Gateway       ${emulator.apiUrl}`);
console.log(`Function URL      ${emulator.functionUrl}`);
console.log(`HTTP API          ${emulator.httpApiUrl}`);
console.log(`AppSync           ${emulator.appSyncUrl}`);
console.log(`Demo login        ${settings.demoUser} / ${settings.demoPassword}`);

const stop = () => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
