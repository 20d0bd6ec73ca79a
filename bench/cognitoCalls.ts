import type { EmulatorControl } from '../e2e/support/EmulatorControl.ts';

/** Cognito operations a signed-in worker may call; any of them on the fast path is a regression. */
export const COGNITO_OPERATIONS = [
  'GetId',
  'GetCredentialsForIdentity',
  'InitiateAuth',
  'RespondToAuthChallenge',
] as const;

export type CognitoCalls = Record<(typeof COGNITO_OPERATIONS)[number], number>;

/** Cognito calls the emulator counted while `work` ran. */
export async function cognitoCallsDuring(
  control: EmulatorControl,
  work: () => Promise<unknown>,
): Promise<CognitoCalls> {
  const before = await control.counts();
  await work();
  const after = await control.counts();
  return Object.fromEntries(
    COGNITO_OPERATIONS.map((op) => [op, (after[op] ?? 0) - (before[op] ?? 0)]),
  ) as CognitoCalls;
}

export function totalCalls(calls: CognitoCalls): number {
  return Object.values(calls).reduce((sum, n) => sum + n, 0);
}
