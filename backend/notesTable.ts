/** The notes table's partition key: the caller's Cognito identity id, so a query never crosses owners. */
export const OWNER_KEY = 'identityId';

/** The notes table's sort key: the note id the client chose. */
export const NOTE_KEY = 'noteId';
