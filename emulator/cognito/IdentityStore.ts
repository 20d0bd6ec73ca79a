import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from './writeJsonAtomic.ts';

/** File under `dataDir` listing the identities the Identity Pool has handed out. */
const IDENTITIES_FILE = 'cognito-identities.json';

/** An identity: a guest, or the one identity of a login (provider + sub). */
export type StoredIdentity =
  { kind: 'guest' } | { kind: 'authenticated'; provider: string; sub: string };

/** The Identity Pool's identities, in memory and written through to `dataDir` (when set). */
export class IdentityStore {
  private readonly identities = new Map<string, StoredIdentity>();
  private readonly file: string | undefined;

  constructor(dataDir: string) {
    this.file = dataDir ? join(dataDir, IDENTITIES_FILE) : undefined;
    if (this.file && existsSync(this.file)) {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, StoredIdentity>;
      for (const [id, identity] of Object.entries(data)) this.identities.set(id, identity);
    }
  }

  /** The identity with this id. */
  get(identityId: string): StoredIdentity | undefined {
    return this.identities.get(identityId);
  }

  /** Records an identity (no write when it is already known). */
  put(identityId: string, identity: StoredIdentity): void {
    if (this.identities.has(identityId)) return;
    this.identities.set(identityId, identity);
    if (this.file) writeJsonAtomic(this.file, Object.fromEntries(this.identities));
  }
}
