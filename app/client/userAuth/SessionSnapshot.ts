/** The tokens of a signed-in user as the page keeps them; only `idToken` is ever handed to the worker. */
export interface SessionTokens {
  idToken: string;
  accessToken: string;
  /** The newest refresh token: under rotation every refresh replaces it, and the old one dies. */
  refreshToken: string;
}

/**
 * What one tab knows of the session at one moment: a version that orders every change across
 * tabs, and the tokens, or none once signed out (the version then records when).
 */
export interface SessionSnapshot {
  /** Milliseconds on the writer's clock, raised past the last known version so it always grows. */
  version: number;
  tokens?: SessionTokens;
  /**
   * With tokens: how far Cognito's clock is ahead of this device's (negative when behind), in
   * milliseconds, learnt from the ID token's `iat` when the tokens arrived (`learnClockOffset`).
   */
  clockOffsetMs?: number;
}

/** Whether `candidate` is a later state of the session than `known`. */
export function isNewer(
  candidate: SessionSnapshot | undefined,
  known: SessionSnapshot | undefined,
): candidate is SessionSnapshot {
  return candidate !== undefined && candidate.version > (known?.version ?? -Infinity);
}

/** The snapshot in an untrusted value (storage, a broadcast), or undefined when it is not one. */
export function parseSnapshot(value: unknown): SessionSnapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { version, tokens, clockOffsetMs } = value as Record<string, unknown>;
  if (typeof version !== 'number' || !Number.isFinite(version)) return undefined;
  if (tokens === undefined) return { version };
  if (typeof tokens !== 'object' || tokens === null) return undefined;
  const { idToken, accessToken, refreshToken } = tokens as Record<string, unknown>;
  if (![idToken, accessToken, refreshToken].every((t) => typeof t === 'string' && t !== '')) {
    return undefined;
  }
  return {
    version,
    tokens: {
      idToken: idToken as string,
      accessToken: accessToken as string,
      refreshToken: refreshToken as string,
    },
    // Absent (a snapshot stored before offsets were kept) or unreadable: the device's clock is taken as right.
    ...(typeof clockOffsetMs === 'number' && Number.isFinite(clockOffsetMs) && { clockOffsetMs }),
  };
}
