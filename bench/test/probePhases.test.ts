import { describe, expect, it } from 'vitest';
import type { ProbeRecords } from '../pageHarness.ts';
import { aggregatePhases, probePhases } from '../probePhases.ts';
import { mean } from '../stats.ts';

type WorkerRecord = ProbeRecords['requests'][number];

const signedGet: WorkerRecord = {
  url: 'http://127.0.0.1:1/dev/echo/bench',
  method: 'GET',
  dispatched: 101,
  respondWith: 101.2,
  settled: 106,
  spans: [
    { kind: 'listener', start: 101, end: 101.3 },
    { kind: 'crypto', start: 101.5, end: 101.6 },
    { kind: 'crypto', start: 101.7, end: 101.8 },
    { kind: 'new Request', start: 102, end: 102.1 },
    { kind: 'fetch', start: 102.2, end: 105.9 },
  ],
};

const totalOf = (phases: Array<[string, number]>) => phases.reduce((sum, [, ms]) => sum + ms, 0);

describe('probePhases', () => {
  it('splits a warm signed GET into steps that add up to what the page measured', () => {
    const { phases, inside } = probePhases({ start: 100, end: 107 }, signedGet);
    expect(phases.map(([name]) => name)).toEqual([
      'page to worker: fetch event dispatch',
      'fetch listeners: route matching, handler start',
      'credential lookup, signer setup',
      'SigV4 signing',
      'new Request (the signed one)',
      'until fetch()',
      'fetch: network and API',
      'response to respondWith',
      'back to the page, body read',
    ]);
    expect(totalOf(phases)).toBeCloseTo(7);
    expect(inside.crypto).toBeCloseTo(0.2);
    expect(inside.fetch).toBeCloseTo(3.7);
  });

  it('starts a cold request with the worker’s start, script and evaluation', () => {
    const boot: ProbeRecords['boot'] = {
      timeOrigin: 90,
      scriptStart: 95,
      sdkModules: 97,
      sdkClient: { start: 97, end: 98 },
      evaluated: 100,
      spans: [{ kind: 'idb open', start: 99, end: 102 }],
    };
    const { phases, inside } = probePhases({ start: 88, end: 107 }, signedGet, boot);
    expect(phases.slice(0, 6)).toEqual([
      ['browser starts the worker', 2],
      ['script load and compile', 5],
      ['SDK modules evaluation', 2],
      ['SDK client construction (first)', 1],
      ['script evaluation, the rest', 2],
      ['install, activate, dispatch the fetch event', 1],
    ]);
    expect(totalOf(phases)).toBeCloseTo(19);
    expect(inside['idb open']).toBe(3);
  });

  it('gives a request the worker let pass only the steps it had', () => {
    const passed: WorkerRecord = {
      url: 'http://127.0.0.1:1/manifest.webmanifest?x',
      method: 'GET',
      dispatched: 100.5,
      spans: [{ kind: 'listener', start: 100.5, end: 100.6 }],
    };
    const { phases } = probePhases({ start: 100, end: 103 }, passed);
    expect(phases.map(([name]) => name)).toEqual([
      'page to worker: fetch event dispatch',
      'fetch listeners: route matching, handler start',
      'back to the page, body read',
    ]);
    expect(totalOf(phases)).toBeCloseTo(3);
  });

  it('skips a moment that the coarsened clocks put before the previous one', () => {
    const early = { ...signedGet, dispatched: 99.9 };
    const { phases } = probePhases({ start: 100, end: 107 }, early);
    expect(phases[0]![0]).toBe('fetch listeners: route matching, handler start');
    expect(totalOf(phases)).toBeCloseTo(7);
  });
});

describe('aggregatePhases', () => {
  it('averages each phase over requests, a missing phase counting as zero', () => {
    const a = {
      phases: [['x', 1] as [string, number], ['y', 3] as [string, number]],
      inside: { crypto: 2 },
    };
    const b = { phases: [['x', 3] as [string, number]], inside: {} };
    expect(aggregatePhases([a, b], mean)).toEqual({
      phases: [
        ['x', 2],
        ['y', 1.5],
      ],
      inside: { crypto: 1 },
    });
  });
});
