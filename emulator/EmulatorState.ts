import type { EmulatorSettings } from './settings.ts';

/** Temporary credentials issued by the Identity Pool, as the API Gateway looks them up. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  identityId: string;
  /** Epoch milliseconds, on the emulator's (offset) clock. */
  expiresAt: number;
  /** Set by the test controls; the API then answers "The security token included in the request is invalid." */
  revoked: boolean;
}

/** A fault the test controls arm for the next `times` calls of one Cognito operation or API route. */
export interface Fault {
  /**
   * Cognito operation name without the service prefix, e.g. `GetCredentialsForIdentity`; or an API
   * request as `API <METHOD> <path>`, e.g. `API PUT /dev/notes/n1` (preflights are never faulted).
   */
  operation: string;
  /**
   * `error500`: InternalErrorException 500 (the API: API Gateway's 500, with its CORS headers);
   * `throttle`: TooManyRequestsException 400 (the API: 429); `hang`: never answers until reset
   * (Cognito only); `bad-gateway`: the API's 502 without CORS headers, as a crashed integration
   * answers where the gateway responses add none (a browser sees a network error).
   */
  kind: 'error500' | 'throttle' | 'hang' | 'bad-gateway';
  /** Calls left to fault; Infinity until cleared. */
  remaining: number;
}

/**
 * The state the emulator's servers share: settings (mutable by the test controls), the clock,
 * per-operation counts, issued credentials and armed faults. Durable data (users, notes) lives in
 * the servers' own stores under `settings.dataDir`.
 */
export class EmulatorState {
  readonly settings: EmulatorSettings;
  readonly defaults: EmulatorSettings;
  /** Milliseconds added to the real clock: every server's notion of "now". */
  clockOffsetMs = 0;
  readonly counts = new Map<string, number>();
  readonly credentials = new Map<string, IssuedCredentials>();
  faults: Fault[] = [];

  constructor(settings: EmulatorSettings) {
    this.defaults = { ...settings };
    this.settings = { ...settings };
  }

  /** Epoch milliseconds on the emulator's clock. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Adds one to the count of `key` (e.g. `InitiateAuth`, `GetId`, `api.GET /notes`). */
  count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Takes one use of a fault armed for `operation`, if any. */
  takeFault(operation: string): Fault | undefined {
    const fault = this.faults.find((f) => f.operation === operation && f.remaining > 0);
    if (fault) fault.remaining -= 1;
    return fault;
  }

  /** Back to the start: counts, clock, faults and settings; issued credentials stay valid. */
  reset(): void {
    this.counts.clear();
    this.clockOffsetMs = 0;
    this.faults = [];
    Object.assign(this.settings, this.defaults);
  }
}
