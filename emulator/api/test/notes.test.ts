import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuedCredentials } from '../../EmulatorState.ts';
import { clientFor, issueCredentials } from './apiTestHelpers.ts';
import { startTestEmulator, type TestEmulator } from '../../test/startTestEmulator.ts';
import type { Note } from '../../../backend/index.ts';

let api: TestEmulator;
let alice: IssuedCredentials;
let bob: IssuedCredentials;

beforeAll(async () => {
  api = await startTestEmulator();
  alice = issueCredentials(api.emulator);
  bob = issueCredentials(api.emulator);
});
afterAll(() => api.close());

function call(who: IssuedCredentials, path: string, init?: RequestInit): Promise<Response> {
  return clientFor(who).fetch(`${api.emulator.apiUrl}${path}`, init);
}

function put(who: IssuedCredentials, id: string, note: unknown): Promise<Response> {
  return call(who, `/notes/${id}`, {
    method: 'PUT',
    body: typeof note === 'string' ? note : JSON.stringify(note),
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('notes API', () => {
  it('creates a note with PUT and reads it back with GET', async () => {
    const created = await put(alice, 'first', { title: 'Hello', content: 'World' });
    expect(created.status).toBe(200);
    const note = (await created.json()) as Note;
    expect(note).toMatchObject({ id: 'first', title: 'Hello', content: 'World' });
    expect(note.createdAt).toBe(note.updatedAt);
    expect(new Date(note.createdAt).toISOString()).toBe(note.createdAt);
    const read = await call(alice, '/notes/first');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(note);
  });

  it('replaces a note on a second PUT, keeping createdAt', async () => {
    const first = (await (await put(alice, 'replay', { title: 'a', content: '1' })).json()) as Note;
    api.emulator.state.clockOffsetMs = 1000;
    try {
      const second = (await (
        await put(alice, 'replay', { title: 'b', content: '2' })
      ).json()) as Note;
      expect(second).toMatchObject({ title: 'b', content: '2', createdAt: first.createdAt });
      expect(second.updatedAt > first.updatedAt).toBe(true);
    } finally {
      api.emulator.state.clockOffsetMs = 0;
    }
  });

  it('lists the caller notes oldest first', async () => {
    const caller = issueCredentials(api.emulator);
    for (const [i, id] of ['c', 'a', 'b'].entries()) {
      api.emulator.state.clockOffsetMs = i * 1000;
      await put(caller, id, { title: id, content: '' });
    }
    api.emulator.state.clockOffsetMs = 0;
    const list = (await (await call(caller, '/notes')).json()) as Note[];
    expect(list.map((note) => note.id)).toEqual(['c', 'a', 'b']);
  });

  it('answers 404 Note not found for a missing note', async () => {
    const response = await call(alice, '/notes/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-ErrorType')).toBeNull();
    expect(await response.json()).toEqual({ message: 'Note not found' });
  });

  it('deletes with 204 whether or not the note existed', async () => {
    await put(alice, 'doomed', { title: 't', content: 'c' });
    expect((await call(alice, '/notes/doomed', { method: 'DELETE' })).status).toBe(204);
    expect((await call(alice, '/notes/doomed', { method: 'DELETE' })).status).toBe(204);
    expect((await call(alice, '/notes/doomed')).status).toBe(404);
  });

  it('keeps each identity to its own notes', async () => {
    await put(alice, 'secret', { title: 'alice only', content: '' });
    expect((await call(bob, '/notes/secret')).status).toBe(404);
    const bobs = (await (await call(bob, '/notes')).json()) as Note[];
    expect(bobs.some((note) => note.id === 'secret')).toBe(false);
    await put(bob, 'secret', { title: 'bob too', content: '' });
    expect(((await (await call(alice, '/notes/secret')).json()) as Note).title).toBe('alice only');
    await call(bob, '/notes/secret', { method: 'DELETE' });
    expect((await call(alice, '/notes/secret')).status).toBe(200);
  });

  it('rejects an invalid id with 400', async () => {
    for (const id of ['has%20space', 'a.b', 'x'.repeat(65), 'caf%C3%A9']) {
      const response = await put(alice, id, { title: 't', content: 'c' });
      expect(response.status, id).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(
        /^Note id must match/,
      );
    }
  });

  it('rejects bad JSON and bad fields with 400 and a clear message', async () => {
    const cases: [unknown, RegExp][] = [
      ['{not json', /must be JSON/],
      ['[1]', /must be a JSON object/],
      [{ content: 'c' }, /"title" must be a string/],
      [{ title: 't', content: 5 }, /"content" must be a string/],
      [{ title: 'x'.repeat(201), content: '' }, /"title" must be at most 200 characters, got 201/],
      [{ title: '', content: 'x'.repeat(100_001) }, /"content" must be at most 100000 characters/],
    ];
    for (const [body, message] of cases) {
      const response = await put(alice, 'bad', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(message);
    }
    expect((await call(alice, '/notes/bad')).status).toBe(404);
  });

  it('writes notes to notes.json under the data folder', async () => {
    await put(alice, 'ondisk', { title: 'disk', content: '' });
    const data = JSON.parse(await readFile(join(api.dataDir, 'notes.json'), 'utf8')) as Record<
      string,
      Record<string, Note>
    >;
    expect(data[alice.identityId]?.ondisk?.title).toBe('disk');
  });
});

describe('notes persistence', () => {
  it('keeps notes across an emulator restart with the same data folder', async () => {
    const first = await startTestEmulator();
    const owner = issueCredentials(first.emulator);
    const client = clientFor(owner);
    const response = await client.fetch(`${first.emulator.apiUrl}/notes/kept`, {
      method: 'PUT',
      body: JSON.stringify({ title: 'survives', content: 'restart' }),
    });
    expect(response.status).toBe(200);
    await first.emulator.close();

    const second = await startTestEmulator(first.dataDir);
    try {
      second.emulator.state.credentials.set(owner.accessKeyId, owner);
      const read = await client.fetch(`${second.emulator.apiUrl}/notes/kept`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ title: 'survives', content: 'restart' });
    } finally {
      await second.close();
      const { rm } = await import('node:fs/promises');
      await rm(first.dataDir, { recursive: true, force: true });
    }
  });
});
