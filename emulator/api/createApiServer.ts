import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  CORS_EXPOSED_HEADERS,
  CORS_PREFLIGHT_STATUS,
  gatewayCorsHeaders,
  preflightCorsHeaders,
  responseCorsHeaders,
} from '../../backend/index.ts';
import { API_FAULT_PREFIX } from '../cognito/handleControl.ts';
import type { EmulatorState } from '../EmulatorState.ts';
import { ApiGatewayError, missingAuthenticationToken, requestTooLong } from './ApiGatewayError.ts';
import { matchRoute } from './matchRoute.ts';
import { matchOpenRoute, type OpenRouteHandler } from './openRoute.ts';
import { sharedNotesStore } from './sharedNotesStore.ts';
import { notesRoutes } from './notesRoutes.ts';
import { readReceivedRequest } from './readReceivedRequest.ts';
import { splitUrl } from './splitUrl.ts';
import { send } from './send.ts';
import { verifySignature } from './verifySignature.ts';

/** API Gateway's payload limit: 10 MB, not adjustable. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** The outcome the log line and the counters report. */
interface Outcome {
  status: number;
  errorType?: string;
}

/** Methods a resource may have; a preflight is answered where any of them has a route. */
const ROUTE_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD'];

/**
 * Creates the API Gateway stage server (not yet listening): the notes API and the echo route
 * under `/<stage>`, SigV4 auth on every route but `/open/` (authorization NONE), and CORS as
 * `backend/corsPolicy.ts` has `infra/` deploy it.
 */
export function createApiServer(state: EmulatorState): http.Server {
  const notes = notesRoutes(sharedNotesStore(state), state);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<Outcome> => {
    const method = req.method ?? 'GET';
    if (state.settings.apiLatencyMs > 0) await sleep(state.settings.apiLatencyMs);
    const { rawPath, rawQuery } = splitUrl(req.url ?? '/');
    if (method === 'OPTIONS') {
      // Every preflight the browser sent, answered or not, in all and per resource (e.g.
      // `api.preflight.echo`, apart from the demo's own `notes`): what the preflight cache did not spare.
      state.count('api.preflight');
      state.count(`api.preflight.${rawPath.split('/')[2] ?? ''}`);
      // The OPTIONS mock integration exists on each resource, without auth; anywhere else API
      // Gateway has no such method and answers its 403.
      const { stage } = state.settings;
      const known = ROUTE_METHODS.some(
        (m) => matchRoute(m, rawPath, stage, notes) ?? matchOpenRoute(m, rawPath, stage),
      );
      if (!known) throw missingAuthenticationToken();
      req.resume();
      const headers = preflightCorsHeaders(req.headers.origin, state.settings.allowedOrigins);
      res.writeHead(CORS_PREFLIGHT_STATUS, headers);
      res.end();
      return { status: CORS_PREFLIGHT_STATUS };
    }
    const fault = state.takeFault(`${API_FAULT_PREFIX}${method} ${rawPath}`);
    if (fault) {
      state.count('api.fault');
      if (fault.kind === 'bad-gateway') {
        req.resume();
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'Internal server error' }));
        return { status: 502, errorType: 'InjectedBadGateway' };
      }
      throw fault.kind === 'throttle'
        ? new ApiGatewayError(429, 'TooManyRequestsException', 'Too Many Requests')
        : new ApiGatewayError(500, 'InternalServerErrorException', 'Internal server error');
    }
    const route = matchRoute(method, rawPath, state.settings.stage, notes);
    const respond: OpenRouteHandler | undefined =
      matchOpenRoute(method, rawPath, state.settings.stage) ??
      (route &&
        (async (request) => {
          const caller = await verifySignature(request, state);
          // Per resource, e.g. `api.signed.cached`: lets tests prove a request reached the API.
          state.count(`api.signed.${rawPath.split('/')[2] ?? ''}`);
          return route(request, caller);
        }));
    if (!respond) throw missingAuthenticationToken();
    const request = await readReceivedRequest(
      req,
      { rawPath, rawQuery },
      MAX_PAYLOAD_BYTES,
      requestTooLong,
    );
    const response = await respond(request);
    send(res, response, responseCorsHeaders(req.headers.origin, state.settings.allowedOrigins));
    return { status: response.status };
  };

  const server = http.createServer((req, res) => {
    const started = performance.now();
    res.setHeader('x-amzn-RequestId', randomUUID());
    state.count('api');
    handle(req, res)
      .catch((error: unknown): Outcome => {
        if (!(error instanceof ApiGatewayError) && req.socket.destroyed) {
          // The client went away mid-request (aborted upload): nobody to answer, nothing broke.
          return { status: 0, errorType: 'ClientClosedRequest' };
        }
        const rejection =
          error instanceof ApiGatewayError
            ? error
            : new ApiGatewayError(500, 'InternalServerErrorException', 'Internal server error', {
                cause: error,
              });
        if (!(error instanceof ApiGatewayError)) console.error('[api] handler failed:', error);
        state.count(`api.${rejection.errorType}`);
        // The body may be unread (rejected before reading, or too large); drain it so the
        // client gets the answer instead of a reset connection.
        req.resume();
        if (!res.headersSent) {
          send(
            res,
            { status: rejection.status, body: { message: rejection.message } },
            {
              ...gatewayCorsHeaders(req.headers.origin, rejection.status),
              'x-amzn-ErrorType': rejection.errorType,
            },
          );
        } else {
          res.destroy();
        }
        return { status: rejection.status, errorType: rejection.errorType };
      })
      .then((outcome) => {
        if (!state.settings.log) return;
        const ms = (performance.now() - started).toFixed(1);
        const path = (req.url ?? '').split('?')[0];
        console.log(
          `[api] ${req.method} ${path} ${outcome.status}${outcome.errorType ? ` ${outcome.errorType}` : ''} ${ms}ms`,
        );
      })
      .catch(() => undefined);
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    state.count('api');
    // Node's parser rejected the request (bad header bytes, headers over 16 KB, garbage); answer
    // in API Gateway's shape rather than dropping the connection. The Origin cannot be trusted
    // from a request that failed to parse, so only a credential-less CORS read can see this.
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const message = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
    state.count('api.BadRequestException');
    if (!socket.writable) return socket.destroy();
    const body = JSON.stringify({ message });
    socket.end(
      `HTTP/1.1 ${status} ${message}\r\n` +
        'Content-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'x-amzn-ErrorType: BadRequestException\r\n' +
        `x-amzn-RequestId: ${randomUUID()}\r\n` +
        `Date: ${new Date().toUTCString()}\r\n` +
        'Access-Control-Allow-Origin: *\r\n' +
        `Access-Control-Expose-Headers: ${CORS_EXPOSED_HEADERS.join(', ')}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
  return server;
}
