/**
 * The page of SessionKeeper's browser test: one tab's keeper as it ships (IndexedDB, Web Locks,
 * BroadcastChannel), an app's steady use of it, and a record of every refresh this tab sent.
 */
import type { RefreshConfig } from '../refreshTokens.ts';
import { SessionKeeper } from '../SessionKeeper.ts';
import type { SessionTokens } from '../SessionSnapshot.ts';

/** One GetTokensFromRefreshToken this tab sent: the token spent and how Cognito answered. */
export interface SentRefresh {
  refreshToken: string;
  status: number;
  /** Cognito's `__type` when it refused. */
  errorType?: string;
}

/** The test's handle on the page. */
export interface KeeperHarness {
  keeper?: SessionKeeper;
  /** Every distinct ID token `freshIdToken` gave this tab, first first. */
  idTokens: string[];
  /** Every failure of `freshIdToken`, as `code: message`. */
  errors: string[];
  sent: SentRefresh[];
  open(config: RefreshConfig): Promise<void>;
  signIn(tokens: SessionTokens): Promise<void>;
  signedIn(): boolean;
  /** Asks for a fresh ID token every `everyMs`, as an app's API calls would, until `stop`. */
  use(everyMs: number): void;
  stop(): Promise<void>;
}

declare global {
  var keeperHarness: KeeperHarness;
}

/** Records each refresh request and its answer, then hands the answer on unread. */
async function recordingFetch(input: string, init: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  const target = new Headers(init.headers).get('X-Amz-Target') ?? '';
  if (target.endsWith('.GetTokensFromRefreshToken')) {
    const { RefreshToken } = JSON.parse(String(init.body)) as { RefreshToken: string };
    const entry: SentRefresh = { refreshToken: RefreshToken, status: response.status };
    if (!response.ok) {
      entry.errorType = String(((await response.clone().json()) as { __type?: unknown }).__type);
    }
    keeperHarness.sent.push(entry);
  }
  return response;
}

let stopped: Promise<void> | undefined;
let stopping = false;

async function useLoop(everyMs: number): Promise<void> {
  while (!stopping) {
    try {
      const idToken = await keeperHarness.keeper!.freshIdToken();
      if (!keeperHarness.idTokens.includes(idToken)) keeperHarness.idTokens.push(idToken);
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      keeperHarness.errors.push(`${code}: ${message}`);
    }
    // The app's pace, not a wait for a condition: the test waits on what the tabs record.
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

globalThis.keeperHarness = {
  idTokens: [],
  errors: [],
  sent: [],
  async open(config) {
    keeperHarness.keeper = new SessionKeeper({ config, refresh: { fetch: recordingFetch } });
    await keeperHarness.keeper.ready;
  },
  signIn: (tokens) => keeperHarness.keeper!.signIn(tokens),
  signedIn: () => keeperHarness.keeper?.current() !== undefined,
  use(everyMs) {
    stopping = false;
    stopped = useLoop(everyMs);
  },
  async stop() {
    stopping = true;
    await stopped;
  },
};

// startBrowserPages waits for a global `harness`, a name whose type SigningClient's test page
// declares for this whole tsconfig; this page's handle is `keeperHarness`, under both names.
Object.assign(globalThis, { harness: globalThis.keeperHarness });
