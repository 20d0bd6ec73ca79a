import {
  DeleteItemCommand,
  GetItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Note, NoteFields } from './Note.ts';
import { byCreation, type NotesStorage } from './NotesStorage.ts';
import { NOTE_KEY, OWNER_KEY } from './notesTable.ts';

type Item = Record<string, AttributeValue>;

/** Notes in a DynamoDB table keyed by (`identityId`, `noteId`), as `infra/` creates it. */
export class DynamoNotesStorage implements NotesStorage {
  constructor(
    private readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {
    if (!tableName) throw new TypeError('tableName is required');
  }

  async list(ownerId: string): Promise<Note[]> {
    const notes: Note[] = [];
    let startKey: Item | undefined;
    do {
      // A query returns at most 1 MB per page; follow LastEvaluatedKey to the end.
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': OWNER_KEY },
          ExpressionAttributeValues: { ':owner': { S: ownerId } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) notes.push(toNote(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return notes.sort(byCreation);
  }

  async get(ownerId: string, id: string): Promise<Note | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: key(ownerId, id),
        ConsistentRead: true,
      }),
    );
    return Item ? toNote(Item) : undefined;
  }

  async put(ownerId: string, id: string, fields: NoteFields, nowMs: number): Promise<Note> {
    const now = new Date(nowMs).toISOString();
    // One atomic update: a replace keeps createdAt without a read-then-write race.
    const { Attributes } = await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: key(ownerId, id),
        UpdateExpression:
          'SET #title = :title, #content = :content, #updated = :now, #created = if_not_exists(#created, :now)',
        // Placeholders for every name: DynamoDB reserves hundreds of words.
        ExpressionAttributeNames: {
          '#title': 'title',
          '#content': 'content',
          '#updated': 'updatedAt',
          '#created': 'createdAt',
        },
        ExpressionAttributeValues: {
          ':title': { S: fields.title },
          ':content': { S: fields.content },
          ':now': { S: now },
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toNote(Attributes ?? {});
  }

  async delete(ownerId: string, id: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: key(ownerId, id),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }
}

function key(ownerId: string, id: string): Item {
  return { [OWNER_KEY]: { S: ownerId }, [NOTE_KEY]: { S: id } };
}

function toNote(item: Item): Note {
  const text = (name: string) => item[name]?.S ?? '';
  return {
    id: text(NOTE_KEY),
    title: text('title'),
    content: text('content'),
    createdAt: text('createdAt'),
    updatedAt: text('updatedAt'),
  };
}
