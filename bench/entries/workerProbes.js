/* global self, performance, BroadcastChannel, FetchEvent, Request, IDBFactory, IDBObjectStore, SubtleCrypto */
// Timing probes for the profiled build of the demo worker (`profiled/sw.js`), imported before anything
// else so they wrap the platform before the worker's own code runs. They wrap only platform
// boundaries (fetch listeners, respondWith, fetch, Request, body reads, WebCrypto, IndexedDB), so the
// worker's code is measured unmodified. Plain JS for the reason given in signingOnly/sw.js.
import { scriptStart } from './probeStart.js';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { configFromEnv } from '../../shared/configFromEnv.ts';

/** The page asks for the records on this channel (the worker's message handler is the app's). */
const CHANNEL = 'sigv4-bench-probes';

/** Epoch milliseconds, comparable with the page's own `performance.timeOrigin + now()`. */
const now = () => performance.timeOrigin + performance.now();

/** The worker's start: what ran before its first fetch event. */
const boot = {
  timeOrigin: performance.timeOrigin,
  scriptStart,
  // The SDK's modules (imported above) have been evaluated by now.
  sdkModules: now(),
  spans: [],
};
/** One record per fetch event, in arrival order (the bench sends one request at a time). */
let requests = [];
const byEvent = new WeakMap();
let current;

// Async work a handler starts after an await has no `current`; the bench sends one request at a
// time, so the latest request is the one it belongs to.
const active = () => current ?? requests[requests.length - 1] ?? boot;
const record = (into, kind, start, end) => into.spans.push({ kind, start, end });

/** Wraps an async platform method so each call records a span on the record active when it started. */
function timeAsync(proto, name, kind) {
  const original = proto[name];
  proto[name] = function (...args) {
    const into = active();
    const start = now();
    const result = original.apply(this, args);
    const done = () => record(into, kind, start, now());
    result.then(done, done);
    return result;
  };
}

/** The same for IndexedDB requests, which report through events. */
function timeIdb(proto, name, kind) {
  const original = proto[name];
  proto[name] = function (...args) {
    const into = active();
    const start = now();
    const request = original.apply(this, args);
    const done = () => record(into, kind, start, now());
    request.addEventListener('success', done);
    request.addEventListener('error', done);
    return request;
  };
}

// The first construction of the Identity Pool client, as the worker makes it while evaluating; timed
// here on its own (the worker's own construction right after then finds its code compiled).
{
  const config = configFromEnv(import.meta.env);
  const start = now();
  new CognitoIdentityClient({ region: config.region, endpoint: config.cognitoIdentityEndpoint });
  boot.sdkClient = { start, end: now() };
}

const addEventListener = self.addEventListener;
self.addEventListener = function (type, listener, options) {
  if (type !== 'fetch' || typeof listener !== 'function') {
    return addEventListener.call(this, type, listener, options);
  }
  const timed = function (event) {
    let entry = byEvent.get(event);
    if (!entry) {
      entry = {
        url: event.request.url,
        method: event.request.method,
        dispatched: now(),
        spans: [],
      };
      byEvent.set(event, entry);
      requests.push(entry);
    }
    current = entry;
    const start = now();
    try {
      return listener.call(this, event);
    } finally {
      record(entry, 'listener', start, now());
      current = undefined;
    }
  };
  return addEventListener.call(this, type, timed, options);
};

const respondWith = FetchEvent.prototype.respondWith;
FetchEvent.prototype.respondWith = function (response) {
  const entry = byEvent.get(this);
  if (entry) {
    entry.respondWith = now();
    const settled = () => (entry.settled = now());
    Promise.resolve(response).then(settled, settled);
  }
  return respondWith.call(this, response);
};

const nativeFetch = self.fetch;
self.fetch = function (input, init) {
  const into = active();
  const start = now();
  const result = nativeFetch.call(self, input, init);
  const done = () => record(into, 'fetch', start, now());
  result.then(done, done);
  return result;
};

const NativeRequest = Request;
self.Request = new Proxy(NativeRequest, {
  construct(target, args, newTarget) {
    const start = now();
    const request = Reflect.construct(
      target,
      args,
      newTarget === self.Request ? target : newTarget,
    );
    record(active(), 'new Request', start, now());
    return request;
  },
});

for (const name of ['arrayBuffer', 'blob', 'text', 'json', 'formData']) {
  const original = NativeRequest.prototype[name];
  NativeRequest.prototype[name] = function (...args) {
    const into = active();
    const start = now();
    const result = original.apply(this, args);
    const done = () => record(into, 'body read', start, now());
    result.then(done, done);
    return result;
  };
}
const clone = NativeRequest.prototype.clone;
NativeRequest.prototype.clone = function () {
  const start = now();
  const copy = clone.call(this);
  record(active(), 'request clone', start, now());
  return copy;
};

for (const name of ['digest', 'sign', 'importKey'])
  timeAsync(SubtleCrypto.prototype, name, 'crypto');
timeIdb(IDBFactory.prototype, 'open', 'idb open');
timeIdb(IDBObjectStore.prototype, 'get', 'idb get');

new BroadcastChannel(CHANNEL).addEventListener('message', (event) => {
  if (event.data?.type !== 'dump') return;
  const reply = { type: 'records', id: event.data.id, boot, requests };
  requests = [];
  event.target.postMessage(reply);
});

/** Called by the entry once the worker's own code has run. */
export function evaluated() {
  boot.evaluated = now();
}
