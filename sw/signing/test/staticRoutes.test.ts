import { describe, expect, it, vi } from 'vitest';
import { parseApiUrl } from '../../../shared/config.ts';
import { installStaticRouting } from '../installStaticRouting.ts';
import { staticRoutes, type RouterRule } from '../staticRoutes.ts';
import { workerScope } from './installHarness.ts';

const WORKER = 'https://app.example.com/sw.js';
const API = parseApiUrl('https://api.example.com/dev', 'us-east-1');

describe('staticRoutes', () => {
  it('keeps navigations and everything under each API on the worker, then sends the rest to the network', () => {
    const other = parseApiUrl('http://127.0.0.1:8787', 'eu-west-1');
    expect(staticRoutes([API, other], {}, WORKER)).toEqual([
      { condition: { requestMode: 'navigate' }, source: 'fetch-event' },
      {
        condition: {
          urlPattern: {
            protocol: 'https',
            hostname: 'api.example.com',
            port: '',
            pathname: '/dev',
          },
        },
        source: 'fetch-event',
      },
      {
        condition: {
          urlPattern: {
            protocol: 'https',
            hostname: 'api.example.com',
            port: '',
            pathname: '/dev/*',
          },
        },
        source: 'fetch-event',
      },
      {
        condition: {
          urlPattern: { protocol: 'http', hostname: '127.0.0.1', port: '8787', pathname: '*' },
        },
        source: 'fetch-event',
      },
      { condition: { urlPattern: {} }, source: 'network' },
    ]);
  });

  it('keeps each listed URL exactly, resolved against the worker, with pattern syntax escaped', () => {
    const rules = staticRoutes(
      [],
      { keep: ['index.html', '/local/hello?x=1', 'a(1)*.js'] },
      WORKER,
    );
    const kept = rules.slice(1, -1).map((rule) => rule.condition.urlPattern);
    expect(kept).toEqual([
      {
        protocol: 'https',
        hostname: 'app.example.com',
        port: '',
        pathname: '/index.html',
        search: '',
      },
      {
        protocol: 'https',
        hostname: 'app.example.com',
        port: '',
        pathname: '/local/hello',
        search: 'x=1',
      },
      {
        protocol: 'https',
        hostname: 'app.example.com',
        port: '',
        pathname: '/a\\(1\\)\\*.js',
        search: '',
      },
    ]);
  });

  it('passes URL patterns in keep through as they are', () => {
    const pattern = { pathname: '/images/*' };
    const rules = staticRoutes([API], { keep: [pattern] }, WORKER);
    expect(rules.at(-2)).toEqual({ condition: { urlPattern: pattern }, source: 'fetch-event' });
    expect(rules.at(-1)?.source).toBe('network');
  });

  it('escapes pattern syntax in an API path prefix', () => {
    const api = parseApiUrl('https://api.example.com/v1:beta', 'us-east-1');
    const [, exact] = staticRoutes([api], {}, WORKER);
    expect(exact?.condition.urlPattern?.pathname).toBe('/v1\\:beta');
  });
});

/** Dispatches an install event with `addRoutes` (or without it) and waits for what it extended. */
async function dispatchInstall(addRoutes?: (rules: RouterRule[]) => Promise<void>) {
  const { scope, listeners } = workerScope();
  const warn = vi.fn();
  installStaticRouting(scope, [{ condition: { urlPattern: {} }, source: 'network' }], warn);
  const waited: Promise<unknown>[] = [];
  const event = { waitUntil: (promise: Promise<unknown>) => waited.push(promise), addRoutes };
  for (const { type, listener } of listeners) if (type === 'install') listener(event);
  await Promise.all(waited);
  return { warn, waited };
}

describe('installStaticRouting', () => {
  it('adds the rules during the install event', async () => {
    const addRoutes = vi.fn(async () => {});
    const { warn, waited } = await dispatchInstall(addRoutes);
    expect(addRoutes).toHaveBeenCalledWith([{ condition: { urlPattern: {} }, source: 'network' }]);
    expect(waited).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('leaves the install alone where the browser has no Static Routing API', async () => {
    const { warn, waited } = await dispatchInstall();
    expect(waited).toHaveLength(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('installs anyway, and says why, when the browser rejects the rules', async () => {
    const refused = new TypeError('unknown condition');
    const { warn } = await dispatchInstall(() => Promise.reject(refused));
    expect(warn).toHaveBeenCalledWith(expect.any(String), refused);
  });

  it('installs anyway when addRoutes throws synchronously', async () => {
    const refused = new DOMException('not dispatching', 'InvalidStateError');
    const { warn } = await dispatchInstall(() => {
      throw refused;
    });
    expect(warn).toHaveBeenCalledWith(expect.any(String), refused);
  });
});
