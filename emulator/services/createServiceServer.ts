import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiResponse, RouteHandler } from '../api/ApiResponse.ts';
import { readReceivedRequest } from '../api/readReceivedRequest.ts';
import { send } from '../api/send.ts';
import { SignatureRejection } from '../api/SignatureRejection.ts';
import { splitUrl } from '../api/splitUrl.ts';
import { verifySigV4 } from '../api/verifySigV4.ts';
import type { EmulatorState } from '../EmulatorState.ts';
import { ServiceError } from './ServiceError.ts';

/** How one IAM-protected service answers: its SigV4 service name, limits, CORS and error shapes. */
export interface ServiceSpec {
  /** Prefix of the counters and the log tag, e.g. `lambdaUrl` (`lambdaUrl.signed.notes`, …). */
  counter: string;
  /** The SigV4 service name the credential scope must name. */
  service: string;
  /** Whether a request with a body must carry `x-amz-content-sha256` (Lambda Function URLs). */
  requirePayloadHashHeader?: boolean;
  /** The service's payload limit, bytes. */
  maxPayloadBytes: number;
  /** The header the service puts its request id in, e.g. `x-amzn-RequestId`. */
  requestIdHeader: string;
  /** The service's own answer to a preflight (before auth, whatever the path). */
  preflight(req: IncomingMessage): ApiResponse;
  /** CORS headers the service adds to every other answer, its own errors included. */
  corsHeaders(origin: string | undefined): Record<string, string>;
  /** The code behind a method and path, or undefined where the service itself answers (a 404). */
  route(method: string, rawPath: string): RouteHandler | undefined;
  /** The service's answer where `route` has none. */
  notFound(): ServiceError;
  /** The service's answer to a body over its limit. */
  tooLarge(): ServiceError;
  /** The service's rendering of a refused signature. */
  rejection(rejection: SignatureRejection): ServiceError;
  /** The service's answer when the code behind it failed. */
  internalError(cause: unknown): ServiceError;
}

/** Response headers a service sets itself, so the function's own are dropped (CORS). */
const SERVICE_OWNED_HEADER = /^access-control-/i;

/**
 * Creates an IAM-protected service's server (not yet listening): preflights answered by the
 * service before auth, SigV4 for `spec.service` on everything else, the route's answer with the
 * service's CORS headers instead of its own, and every refusal in the service's shape.
 */
export function createServiceServer(state: EmulatorState, spec: ServiceSpec): http.Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const method = req.method ?? 'GET';
    if (state.settings.apiLatencyMs > 0) await sleep(state.settings.apiLatencyMs);
    const { rawPath, rawQuery } = splitUrl(req.url ?? '/');
    const segment = rawPath.split('/')[1] ?? '';
    if (method === 'OPTIONS') {
      state.count(`${spec.counter}.preflight`);
      req.resume();
      send(res, spec.preflight(req), {});
      return undefined;
    }
    const route = spec.route(method, rawPath);
    if (!route) throw spec.notFound();
    const request = await readReceivedRequest(
      req,
      { rawPath, rawQuery },
      spec.maxPayloadBytes,
      () => spec.tooLarge(),
    );
    const caller = await verifySigV4(request, state, spec).catch((error: unknown) => {
      if (error instanceof SignatureRejection) throw spec.rejection(error);
      throw error;
    });
    // Per first path segment, e.g. `lambdaUrl.signed.notes`: proves a request reached the code.
    state.count(`${spec.counter}.signed.${segment}`);
    const answer = await route(request, caller);
    send(res, withoutServiceHeaders(answer), spec.corsHeaders(req.headers.origin));
    return undefined;
  };

  return http.createServer((req, res) => {
    const started = performance.now();
    res.setHeader(spec.requestIdHeader, randomUUID());
    state.count(spec.counter);
    handle(req, res)
      .catch((error: unknown): string => {
        if (!(error instanceof ServiceError) && req.socket.destroyed) return 'ClientClosedRequest';
        if (!(error instanceof ServiceError)) {
          console.error(`[${spec.counter}] handler failed:`, error);
        }
        const refusal = error instanceof ServiceError ? error : spec.internalError(error);
        state.count(`${spec.counter}.${refusal.errorType}`);
        // Drain an unread body so the client gets the answer instead of a reset connection.
        req.resume();
        if (res.headersSent) res.destroy();
        else send(res, refusal.response, spec.corsHeaders(req.headers.origin));
        return refusal.errorType;
      })
      .then((errorType) => {
        if (!state.settings.log) return;
        const ms = (performance.now() - started).toFixed(1);
        const path = (req.url ?? '').split('?')[0];
        console.log(
          `[${spec.counter}] ${req.method} ${path} ${res.statusCode}${errorType ? ` ${errorType}` : ''} ${ms}ms`,
        );
      })
      .catch(() => undefined);
  });
}

function withoutServiceHeaders(answer: ApiResponse): ApiResponse {
  const headers = Object.fromEntries(
    Object.entries(answer.headers ?? {}).filter(([name]) => !SERVICE_OWNED_HEADER.test(name)),
  );
  return { ...answer, headers };
}
