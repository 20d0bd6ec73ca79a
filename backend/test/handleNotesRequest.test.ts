import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotesStore } from '../../emulator/api/NotesStore.ts';
import { DynamoNotesStorage } from '../DynamoNotesStorage.ts';
import { handleNotesRequest, type NotesRequest } from '../handleNotesRequest.ts';
import type { Note } from '../Note.ts';
import type { NotesStorage } from '../NotesStorage.ts';
import { startDynalite } from './startDynalite.ts';

/** A store under test, made fresh for one suite, and how to clean it up. */
interface StoreUnderTest {
  storage: NotesStorage;
  close(): Promise<void>;
}

const STORES: [string, () => Promise<StoreUnderTest>][] = [
  [
    'the emulator’s file store',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'notes-store-'));
      return {
        storage: new NotesStore(dir),
        close: () => rm(dir, { recursive: true, force: true }),
      };
    },
  ],
  [
    'DynamoDB (dynalite, the real wire protocol)',
    async () => {
      const dynamo = await startDynalite();
      return {
        storage: new DynamoNotesStorage(dynamo.client, dynamo.tableName),
        close: () => dynamo.close(),
      };
    },
  ],
];

describe.each(STORES)('the notes handler over %s', (_name, open) => {
  let store: StoreUnderTest;
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const alice = 'us-east-1:aaaaaaaa-0000-4000-8000-000000000001';
  const bob = 'us-east-1:bbbbbbbb-0000-4000-8000-000000000002';

  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  function call(identityId: string | undefined, request: Partial<NotesRequest>) {
    return handleNotesRequest(
      { method: 'GET', body: '', identityId, ...request },
      { storage: store.storage, now: () => clock },
    );
  }
  const put = (who: string, id: string, note: unknown) =>
    call(who, { method: 'PUT', noteId: id, body: JSON.stringify(note) });

  it('creates a note with PUT and reads it back with GET', async () => {
    const created = await put(alice, 'first', { title: 'Hello', content: 'World' });
    expect(created.status).toBe(200);
    const note = created.body as Note;
    expect(note).toEqual({
      id: 'first',
      title: 'Hello',
      content: 'World',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await call(alice, { noteId: 'first' })).toEqual({ status: 200, body: note });
  });

  it('replaces a note on a second PUT, keeping createdAt', async () => {
    await put(alice, 'replay', { title: 'a', content: '1' });
    clock += 1000;
    const second = (await put(alice, 'replay', { title: 'b', content: '' })).body as Note;
    expect(second).toMatchObject({
      title: 'b',
      content: '',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(second.updatedAt).toBe('2026-01-01T00:00:01.000Z');
  });

  it('lists only the caller’s notes, oldest first', async () => {
    const carol = 'us-east-1:cccccccc-0000-4000-8000-000000000003';
    for (const id of ['c', 'a', 'b']) {
      clock += 1000;
      await put(carol, id, { title: id, content: '' });
    }
    const list = await call(carol, {});
    expect(list.status).toBe(200);
    expect((list.body as Note[]).map((note) => note.id)).toEqual(['c', 'a', 'b']);
  });

  it('never gives one user another user’s note, by id or in a list', async () => {
    await put(alice, 'secret', { title: 'alice only', content: 'private' });
    const asked = await call(bob, { noteId: 'secret' });
    expect(asked).toEqual({ status: 404, body: { message: 'Note not found' } });
    expect(JSON.stringify(await call(bob, {}))).not.toContain('alice only');

    // Bob writing and deleting "his" note of that id leaves Alice's untouched.
    await put(bob, 'secret', { title: 'bob too', content: '' });
    expect((await call(bob, { method: 'DELETE', noteId: 'secret' })).status).toBe(204);
    const kept = await call(alice, { noteId: 'secret' });
    expect(kept.body).toMatchObject({ title: 'alice only', content: 'private' });
  });

  it('answers 404 for a missing note and 204 for any delete', async () => {
    expect((await call(alice, { noteId: 'nope' })).status).toBe(404);
    await put(alice, 'doomed', { title: 't', content: 'c' });
    expect(await call(alice, { method: 'DELETE', noteId: 'doomed' })).toEqual({ status: 204 });
    expect(await call(alice, { method: 'DELETE', noteId: 'doomed' })).toEqual({ status: 204 });
    expect((await call(alice, { noteId: 'doomed' })).status).toBe(404);
  });

  it('rejects an invalid id or body with 400 and stores nothing', async () => {
    for (const id of ['has space', 'a.b', 'x'.repeat(65), 'café', '']) {
      const response = await put(alice, id, { title: 't', content: 'c' });
      expect(response.status, id).toBe(400);
    }
    for (const body of ['{not json', '[1]', '{"content":"c"}', '{"title":"t","content":5}']) {
      const response = await call(alice, { method: 'PUT', noteId: 'bad', body });
      expect(response.status, body).toBe(400);
      expect((response.body as { message: string }).message).toBeTruthy();
    }
    expect((await call(alice, { noteId: 'bad' })).status).toBe(404);
  });

  it('refuses a caller without a Cognito identity', async () => {
    expect((await call(undefined, {})).status).toBe(403);
    expect((await call('', { noteId: 'first' })).status).toBe(403);
  });
});
