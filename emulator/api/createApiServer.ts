import http from 'node:http';
import type { EmulatorState } from '../EmulatorState.ts';

/** Creates the API Gateway stage server (not yet listening). */
export function createApiServer(state: EmulatorState): http.Server {
  void state;
  return http.createServer((_req, res) => {
    res.writeHead(403, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ message: 'Missing Authentication Token' }));
  });
}
