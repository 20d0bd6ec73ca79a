import { createServer, type Server } from 'node:http';
import type { EmulatorState } from '../EmulatorState.ts';

/** Creates (without listening) the server for the User Pool, the Identity Pool and the test controls. */
export function createCognitoServer(_state: EmulatorState): Server {
  return createServer((_req, res) => {
    res.writeHead(501);
    res.end();
  });
}
