import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseApiUrl } from '../../../shared/config.ts';
import { CachedReads } from '../CachedReads.ts';
import { CredentialManager } from '../CredentialManager.ts';
import { SessionStore } from '../SessionStore.ts';
import { CONFIG, Clock, FakeIdentity, idToken, readAndFetchSigned } from './fixtures.ts';

const API = CONFIG.apis[0]!;
let clock: Clock;
let identity: FakeIdentity;
let credentials: CredentialManager;
let reads: CachedReads;
let sent: Request[];
let answers: Response[];
let dbCount = 0;

/** The network: records what the worker sends and answers from a script. */
const network: typeof fetch = async (input) => {
  sent.push(input as Request);
  return answers.shift() ?? new Response('{}', { status: 200 });
};

function apiError(type: string, message: string, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify({ message }), {
    status: 403,
    headers: { 'x-amzn-ErrorType': type, 'Content-Type': 'application/json', ...headers },
  });
}

const send = (request: Request) =>
  readAndFetchSigned(request, API, { credentials, keyCache: new Map(), reads, fetch: network });

beforeEach(async () => {
  clock = new Clock();
  identity = new FakeIdentity(clock.now);
  const store = new SessionStore(createStore(`fetch-${++dbCount}`, 'keyval'));
  credentials = new CredentialManager(CONFIG, { identity, store, now: clock.now });
  reads = new CachedReads(store);
  sent = [];
  answers = [];
});

describe('fetchSigned', () => {
  it('signs a lower-case patch as PATCH, which fetch does not upper-case', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const response = await send(
      new Request('https://api.example.com/dev/notes/1', { method: 'patch', body: 'x' }),
    );
    expect(response.status).toBe(200);
    expect(sent.map((r) => r.method)).toEqual(['PATCH']);
    expect(sent[0]!.headers.get('Authorization')).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it('never lets the browser follow a redirect, and answers each redirect mode as the app asked', async () => {
    await credentials.signIn(idToken({}, clock.time));
    // What a redirect: 'manual' fetch gives a worker (Fetch's opaque-redirect filtered response).
    const opaqueRedirect = () =>
      Object.defineProperty(new Response(null, { status: 200 }), 'type', {
        value: 'opaqueredirect',
      });
    const url = 'https://api.example.com/dev/notes';
    const manual = opaqueRedirect();
    answers.push(manual, opaqueRedirect(), opaqueRedirect());
    expect(await send(new Request(url, { redirect: 'manual' }))).toBe(manual);
    expect((await send(new Request(url, { redirect: 'error' }))).type).toBe('error');
    const followed = await send(new Request(url, { method: 'POST', body: 'x' }));
    expect(followed.status).toBe(502);
    expect(await followed.json()).toEqual({
      code: 'redirect-not-followed',
      message: expect.any(String),
    });
    expect(sent.map((r) => r.redirect)).toEqual(['manual', 'manual', 'manual']);
  });

  it('refuses a verb API Gateway cannot route with a JSON 405, sending nothing', async () => {
    await credentials.signIn(idToken({}, clock.time));
    for (const method of ['PROPFIND', 'purge', 'TRACE-IT']) {
      const response = await send(new Request('https://api.example.com/dev/notes', { method }));
      expect(response.status, method).toBe(405);
      expect(response.headers.get('Allow')).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
      expect(await response.json()).toEqual({
        code: 'unsupported-method',
        message: expect.any(String),
      });
    }
    expect(sent).toHaveLength(0);
  });

  it('answers 401 with a JSON code while nobody is signed in, sending nothing', async () => {
    const response = await send(new Request('https://api.example.com/dev/notes'));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'not-signed-in', message: expect.any(String) });
    expect(sent).toHaveLength(0);
  });

  it('re-signs once with AWS time after a clock-skew 403', async () => {
    await credentials.signIn(idToken({}, clock.time));
    answers.push(
      apiError(
        'InvalidSignatureException',
        'Signature expired: 20261126T120000Z is now earlier than 20261126T121000Z (20261126T121500Z - 5 min.)',
      ),
    );
    const response = await send(new Request('https://api.example.com/dev/notes'));
    expect(response.status).toBe(200);
    expect(sent.map((r) => r.headers.get('X-Amz-Date'))).toEqual([
      '20261126T120000Z',
      '20261126T121500Z',
    ]);
    expect(credentials.clockOffsetMs).toBe(15 * 60_000);
  });

  it('never re-signs with credentials of a session that ended while the request was out', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const signOut = credentials.signOut.bind(credentials);
    const response = await readAndFetchSigned(
      new Request('https://api.example.com/dev/notes'),
      API,
      {
        credentials,
        keyCache: new Map(),
        reads,
        fetch: async (input) => {
          sent.push(input as Request);
          await signOut();
          return apiError(
            'InvalidSignatureException',
            'Signature expired: 20261126T120000Z is now earlier than 20261126T121000Z (20261126T121500Z - 5 min.)',
          );
        },
      },
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'not-signed-in' });
    expect(sent).toHaveLength(1);
  });

  it('gives the app the second clock-skew 403 rather than retrying forever', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const skew = () =>
      apiError(
        'InvalidSignatureException',
        'Signature not yet current: 20261126T120000Z is still later than 20261126T115000Z (20261126T114500Z + 5 min.)',
      );
    answers.push(skew(), skew(), skew());
    const response = await send(new Request('https://api.example.com/dev/notes'));
    expect(response.status).toBe(403);
    expect(sent).toHaveLength(2);
  });

  it('gets new credentials once after an expired-token 403, for any method, with the same body', async () => {
    await credentials.signIn(idToken({}, clock.time));
    answers.push(
      apiError('ExpiredTokenException', 'The security token included in the request is expired'),
    );
    const response = await send(
      new Request('https://api.example.com/dev/notes/1', { method: 'PUT', body: '{"title":"t"}' }),
    );
    expect(response.status).toBe(200);
    expect(identity.getCredentialsCalls).toBe(2);
    const keys = sent.map((r) => /Credential=([^/]+)\//.exec(r.headers.get('Authorization')!)![1]);
    expect(keys[0]).not.toBe(keys[1]);
    expect(await sent[1]!.text()).toBe('{"title":"t"}');
  });

  it('recovers from an invalid-token 403 too, but only once', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const invalid = () =>
      apiError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    answers.push(invalid(), invalid());
    const response = await send(new Request('https://api.example.com/dev/notes'));
    expect(response.status).toBe(403);
    expect(sent).toHaveLength(2);
    expect(identity.getCredentialsCalls).toBe(2);
  });

  it('recovers from a refusal each service words its own way: an AppSync 401', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const graphql = parseApiUrl(
      'https://a1.appsync-api.us-east-1.amazonaws.com',
      'us-east-1',
      'appsync',
    );
    const expired = {
      errors: [
        {
          errorType: 'UnauthorizedException',
          message: 'The security token included in the request is expired',
        },
      ],
    };
    answers.push(new Response(JSON.stringify(expired), { status: 401 }));
    const query = JSON.stringify({ query: '{ notes { id } }' });
    const response = await readAndFetchSigned(
      new Request(`${graphql.url}/graphql`, { method: 'POST', body: query }),
      graphql,
      { credentials, keyCache: new Map(), reads, fetch: network },
    );
    expect(response.status).toBe(200);
    expect(identity.getCredentialsCalls).toBe(2);
    expect(await sent[1]!.text()).toBe(query);
    // API Gateway's 401 is the app's own answer: passed through, not retried.
    answers.push(new Response(JSON.stringify(expired), { status: 401 }));
    const rest = await send(new Request('https://api.example.com/dev/notes'));
    expect(rest.status).toBe(401);
    expect(sent).toHaveLength(3);
  });

  it("passes the app's own 403 through untouched", async () => {
    await credentials.signIn(idToken({}, clock.time));
    answers.push(new Response('forbidden by the app', { status: 403 }));
    const response = await send(new Request('https://api.example.com/dev/notes'));
    expect(await response.text()).toBe('forbidden by the app');
    expect(sent).toHaveLength(1);
  });

  it('sends the exact bytes of a FormData body', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const form = new FormData();
    form.append('name', 'value ✓');
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'f.bin');
    const original = new Request('https://api.example.com/dev/upload', {
      method: 'POST',
      body: form,
    });
    const expected = new Uint8Array(await original.clone().arrayBuffer());
    await send(original);
    expect(new Uint8Array(await sent[0]!.arrayBuffer())).toEqual(expected);
    expect(sent[0]!.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
  });

  it('rejects like fetch when the network fails', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const failing: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(
      readAndFetchSigned(new Request('https://api.example.com/dev/notes'), API, {
        credentials,
        keyCache: new Map(),
        reads,
        fetch: failing,
      }),
    ).rejects.toThrow('Failed to fetch');
  });

  it('sends the first GET of a URL with reload and the next ones as the app asked', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const url = 'https://api.example.com/dev/notes';
    await send(new Request(url));
    await send(new Request(url));
    await send(new Request(url, { cache: 'no-cache' }));
    await send(new Request(`${url}?page=2`));
    expect(sent.map((r) => r.cache)).toEqual(['reload', 'default', 'no-cache', 'reload']);
  });

  it('sends writes with the cache mode the app asked for, default unless it asked', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const url = 'https://api.example.com/dev/notes/1';
    await send(new Request(url, { method: 'PUT', body: '{}' }));
    await send(new Request(url, { method: 'POST', body: '{}', cache: 'no-store' }));
    expect(sent.map((r) => r.cache)).toEqual(['default', 'no-store']);
  });

  it('sends every signed request with no-store for an API set to no-store', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const strict = { ...API, httpCache: 'no-store' as const };
    const url = 'https://api.example.com/dev/notes';
    for (const init of [{}, {}, { method: 'PUT', body: 'x' }]) {
      await readAndFetchSigned(new Request(url, init), strict, {
        credentials,
        keyCache: new Map(),
        reads,
        fetch: network,
      });
    }
    expect(sent.map((r) => r.cache)).toEqual(['no-store', 'no-store', 'no-store']);
  });

  it('aborts a read still out when the session ends, and the next user reloads its URL', async () => {
    await credentials.signIn(idToken({}, clock.time));
    const url = 'https://api.example.com/dev/notes';
    let signal: AbortSignal | undefined;
    const hanging: typeof fetch = (input) => {
      signal = (input as Request).signal;
      return new Promise((_, reject) =>
        signal!.addEventListener('abort', () => reject(signal!.reason as Error)),
      );
    };
    const read = readAndFetchSigned(new Request(url), API, {
      credentials,
      keyCache: new Map(),
      reads,
      fetch: hanging,
    });
    await expect.poll(() => signal).toBeDefined();
    await credentials.signOut();
    reads.clear(); // what installSigning's clearUserData does at every session end
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
    await credentials.signIn(idToken({ sub: 'user-b', 'cognito:username': 'bob' }, clock.time));
    await send(new Request(url));
    expect(sent.map((r) => r.cache)).toEqual(['reload']);
  });

  describe('with signQuery', () => {
    const QUERY_API = { ...API, signQuery: true };
    const sendQuery = (request: Request) =>
      readAndFetchSigned(request, QUERY_API, {
        credentials,
        keyCache: new Map(),
        reads,
        fetch: network,
      });

    it('signs a GET in the query string, as a CORS simple request kept out of the HTTP cache', async () => {
      await credentials.signIn(idToken({}, clock.time));
      const response = await sendQuery(
        new Request('https://api.example.com/dev/notes?q=a b+c&tag=%E2%9C%93'),
      );
      expect(response.status).toBe(200);
      const [request] = sent;
      const url = new URL(request!.url);
      expect([...request!.headers.keys()]).toEqual([]);
      expect(request!.cache).toBe('no-store');
      expect(url.search).not.toContain('+');
      expect(url.searchParams.get('q')).toBe('a b c');
      expect(url.searchParams.get('tag')).toBe('✓');
      expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(
        /\/us-east-1\/execute-api\/aws4_request$/,
      );
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
      expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
      expect(url.searchParams.get('X-Amz-Security-Token')).toBeTruthy();
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    });

    it('never hands the page the signed URL, which holds the session token', async () => {
      await credentials.signIn(idToken({}, clock.time));
      const answer = new Response('ok', { status: 200, headers: { 'x-app': '1' } });
      Object.defineProperty(answer, 'url', {
        value: 'https://api.example.com/dev/notes?X-Amz-Security-Token=t',
      });
      answers.push(answer);
      const response = await sendQuery(new Request('https://api.example.com/dev/notes'));
      expect(response.url).toBe('');
      expect(response.headers.get('x-app')).toBe('1');
      expect(await response.text()).toBe('ok');
      const redirect = Object.defineProperty(new Response(null), 'type', {
        value: 'opaqueredirect',
      });
      answers.push(redirect);
      const manual = await sendQuery(
        new Request('https://api.example.com/dev/notes', { redirect: 'manual' }),
      );
      expect(manual.status).toBe(502);
    });

    it('signs writes in headers still, and HEAD in the query', async () => {
      await credentials.signIn(idToken({}, clock.time));
      await sendQuery(new Request('https://api.example.com/dev/notes', { method: 'HEAD' }));
      await sendQuery(
        new Request('https://api.example.com/dev/notes/1', { method: 'PUT', body: 'x' }),
      );
      expect(new URL(sent[0]!.url).searchParams.has('X-Amz-Signature')).toBe(true);
      expect(sent[1]!.headers.get('Authorization')).toMatch(/^AWS4-HMAC-SHA256 /);
      expect(new URL(sent[1]!.url).search).toBe('');
    });

    it('refuses a URL longer than API Gateway takes with a JSON 414, sending nothing', async () => {
      await credentials.signIn(idToken({}, clock.time));
      const response = await sendQuery(
        new Request(`https://api.example.com/dev/notes?q=${'x'.repeat(10_000)}`),
      );
      expect(response.status).toBe(414);
      expect(await response.json()).toEqual({ code: 'url-too-long', message: expect.any(String) });
      expect(sent).toHaveLength(0);
    });
  });
});
