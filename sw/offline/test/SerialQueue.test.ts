import { describe, expect, it } from 'vitest';
import { deferred } from '../../signing/test/fixtures.ts';
import { SerialQueue } from '../SerialQueue.ts';

describe('SerialQueue', () => {
  it('runs one key’s tasks one at a time in order, other keys alongside, past a failed task', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run('a', async () => {
      log.push('a1 start');
      await gate.promise;
      log.push('a1 end');
      throw new Error('a1 failed');
    });
    const second = queue.run('a', async () => void log.push('a2'));
    await queue.run('b', async () => void log.push('b1'));
    expect(log).toEqual(['a1 start', 'b1']);
    gate.resolve();
    await expect(first).rejects.toThrow('a1 failed');
    await second;
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });
});
