import type { EmulatorState } from '../EmulatorState.ts';
import { NotesStore } from './NotesStore.ts';

/** One store per emulator, whichever servers ask: they all front the same table, as `infra/` deploys them. */
const STORES = new WeakMap<EmulatorState, NotesStore>();

/** The emulator's one notes store, over `settings.dataDir`, shared by the REST, URL, HTTP API and AppSync servers. */
export function sharedNotesStore(state: EmulatorState): NotesStore {
  let store = STORES.get(state);
  if (!store) {
    store = new NotesStore(state.settings.dataDir);
    STORES.set(state, store);
  }
  return store;
}
