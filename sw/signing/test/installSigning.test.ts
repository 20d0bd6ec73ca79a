import { ORIGIN, install, workerScope } from './installHarness.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Router } from 'workbox-routing';
import { createStore } from 'idb-keyval';
import { installLayer } from '../installSigning.ts';
import { SessionStore } from '../SessionStore.ts';
import type { SigningPlugin } from '../SigningPlugin.ts';
import { CONFIG, idToken } from './fixtures.ts';

/** The route `router` picks for a request, if any. */
function routeFor(router: Router, url: string, init: RequestInit & { mode?: 'navigate' } = {}) {
  const request = new Request(url, { ...init, mode: undefined });
  if (init.mode) Object.defineProperty(request, 'mode', { value: init.mode });
  const parsed = new URL(url);
  return router.findMatchingRoute({
    url: parsed,
    sameOrigin: parsed.origin === ORIGIN,
    request,
    event: {} as ExtendableEvent,
  }).route;
}

afterEach(() => vi.unstubAllGlobals());

describe('installSigning', () => {
  it('registers nothing when its module is imported', async () => {
    const addEventListener = vi.fn();
    vi.stubGlobal('self', { addEventListener });
    vi.resetModules();
    await import('../index.ts');
    expect(addEventListener).not.toHaveBeenCalled();
  });

  it('registers one route per method on the router it is given, a fetch listener for the methods Workbox cannot route, and one message listener', () => {
    const { layer, router, listeners } = install();
    expect(layer.router).toBe(router);
    expect(layer.routes.map((route) => route.method)).toEqual([
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
    ]);
    expect(router.routes.get('POST')).toEqual([layer.routes[2]]);
    expect(listeners.map((l) => l.type)).toEqual(['fetch', 'message']);
    expect(layer.messageTypes).toEqual([
      'sign-in',
      'token',
      'no-token',
      'sign-out',
      'status',
      'claim',
    ]);
    expect(layer.plugins).toEqual([]);
    expect(layer.config.apis[0]?.url).toBe('https://api.example.com/dev');
  });

  it('adds static routes at install only when asked, keeping the APIs and the listed URLs on the worker', async () => {
    expect(install().listeners.map((l) => l.type)).not.toContain('install');
    const { listeners } = install({ staticRouting: { keep: ['/index.html'] } });
    const added: unknown[] = [];
    const waited: Promise<unknown>[] = [];
    const event = {
      addRoutes: async (rules: unknown) => void added.push(rules),
      waitUntil: (promise: Promise<unknown>) => waited.push(promise),
    };
    for (const { type, listener } of listeners) if (type === 'install') listener(event);
    await Promise.all(waited);
    const patterns = (added[0] as { condition: { urlPattern?: { hostname?: string } } }[]).map(
      (rule) => rule.condition.urlPattern?.hostname,
    );
    expect(patterns).toEqual([
      undefined,
      'api.example.com',
      'api.example.com',
      'app.example.com',
      undefined,
    ]);
  });

  it('starts reading the session at evaluation in an activated worker, not in an installing one', () => {
    const reads = (state: ServiceWorkerState) => {
      const store = new SessionStore(createStore(`preload-${state}`, 'keyval'));
      const loadState = vi.spyOn(store, 'loadState');
      const { scope } = workerScope();
      Object.assign(scope, { serviceWorker: { state } });
      installLayer(CONFIG, { router: new Router(), scope, store });
      return loadState.mock.calls.length;
    };
    expect(reads('activated')).toBe(1);
    expect(reads('installing')).toBe(0);
  });

  it('routes requests under the configured API only, and never a navigation', () => {
    const { router, layer } = install();
    expect(routeFor(router, 'https://api.example.com/dev/notes?x=1')).toBe(layer.routes[0]);
    expect(routeFor(router, 'https://api.example.com/dev', { method: 'PUT' })).toBe(
      layer.routes[3],
    );
    expect(routeFor(router, 'https://api.example.com/devil/notes')).toBeUndefined();
    expect(routeFor(router, 'https://api.example.com/prod/notes')).toBeUndefined();
    expect(routeFor(router, 'https://evil.example.com/dev/notes')).toBeUndefined();
    expect(routeFor(router, 'https://api.example.com/dev/', { mode: 'navigate' })).toBeUndefined();
  });

  it('leaves the worker’s own routes on the same router alone', () => {
    const router = new Router();
    const own = new Route(
      ({ url }) => url.pathname === '/own',
      async () => new Response('own'),
    );
    router.registerRoute(own);
    const { layer } = install({ router });
    expect(routeFor(router, `${ORIGIN}/own`)).toBe(own);
    expect(router.routes.get('GET')).toEqual([own, layer.routes[0]]);
  });

  it('throws a ConfigError naming the field for a bad configuration', () => {
    const { scope } = workerScope();
    expect(() => installLayer({ ...CONFIG, apis: [] }, { router: new Router(), scope })).toThrow(
      expect.objectContaining({ name: 'ConfigError', code: 'bad-config', field: 'apis' }),
    );
  });

  it('tells another instance of the worker over a BroadcastChannel when a session ends there', async () => {
    // Both on the default store (the real database name), as an active worker and an update are.
    const active = install({ store: undefined });
    const waiting = install({ store: undefined });
    const token = idToken({}, active.clock.time);
    expect(await active.post({ type: 'sign-in', v: 1, idToken: token })).toMatchObject({
      ok: true,
    });
    await vi.waitFor(async () =>
      expect(await waiting.post({ type: 'status', v: 1 })).toMatchObject({
        result: { signedIn: true },
      }),
    );
    await waiting.post({ type: 'sign-out', v: 1 });
    await vi.waitFor(async () =>
      expect(await active.post({ type: 'status', v: 1 })).toMatchObject({
        result: { signedIn: false },
      }),
    );
  });

  it('answers the core protocol without a plug-in, and refuses a plug-in’s message type', async () => {
    const { post, posted, clock } = install();
    const signedIn = await post({ type: 'sign-in', v: 1, idToken: idToken({}, clock.time) });
    expect(signedIn).toMatchObject({ ok: true, result: { identityId: 'us-east-1:user-a' } });
    expect(posted).toContainEqual(expect.objectContaining({ type: 'signed-in', v: 1 }));
    expect(await post({ type: 'status', v: 1 })).toEqual({
      ok: true,
      result: expect.not.objectContaining({ pendingWrites: expect.anything() }),
    });
    expect(await post({ type: 'sync', v: 1 })).toMatchObject({
      ok: false,
      error: { code: 'bad-message' },
    });
  });

  it('answers a plug-in’s messages after checking their fields, and lists them in the handle', async () => {
    const seen: unknown[] = [];
    const plugin: SigningPlugin = {
      name: 'counter',
      messages: {
        add: {
          fields: { amount: 'number' },
          handle: async (request) => {
            seen.push(request);
            return { total: request.amount };
          },
        },
      },
    };
    const { layer, post } = install({ plugins: [plugin] });
    expect(layer.plugins).toEqual(['counter']);
    expect(layer.messageTypes).toContain('add');
    expect(await post({ type: 'add', v: 1, amount: 2 })).toEqual({
      ok: true,
      result: { total: 2 },
    });
    for (const bad of [{ amount: '2' }, {}, { amount: 2, extra: true }]) {
      expect(await post({ type: 'add', v: 1, ...bad })).toMatchObject({
        ok: false,
        error: { code: 'bad-message' },
      });
    }
    expect(seen).toEqual([{ type: 'add', v: 1, amount: 2 }]);
  });

  it('hands a plug-in the installed layer, and broadcasts its events', async () => {
    let received: unknown;
    const plugin: SigningPlugin = { name: 'p', install: (layer) => (received = layer) };
    const { layer, posted } = install({ plugins: [plugin] });
    expect(received).toBe(layer);
    await layer.broadcast({ type: 'p-changed', v: 1, count: 3 });
    expect(posted).toEqual([{ type: 'p-changed', v: 1, count: 3 }]);
  });

  it.each([
    ['a core message type', [{ name: 'a', messages: { status: { handle: async () => 1 } } }]],
    [
      'another plug-in’s message type',
      [
        { name: 'a', messages: { x: { handle: async () => 1 } } },
        { name: 'b', messages: { x: { handle: async () => 2 } } },
      ],
    ],
    [
      'a second request handler',
      [
        { name: 'a', handleRequest: async () => new Response() },
        { name: 'b', handleRequest: async () => new Response() },
      ],
    ],
  ])('refuses a plug-in that takes %s', (_name, plugins) => {
    expect(() => install({ plugins: plugins as SigningPlugin[] })).toThrow(TypeError);
  });
});
