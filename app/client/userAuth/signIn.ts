import { AuthError } from '../auth/AuthError.ts';
import type { UserPoolCall } from './callUserPool.ts';
import { getPasskeyAssertion, type CredentialsLike } from './passkeyCeremony.ts';
import { passwordClaimSignature, srpTimestamp, startSrp, type SrpClient } from './srp.ts';
import type { SessionTokens } from './SessionSnapshot.ts';
import { tokensFrom, type AuthenticationResult, type UserAuthTokens } from './tokens.ts';

/** A refused assertion arrives as NotAuthorizedException, whose usual text speaks of passwords. */
const PASSKEY_REFUSED = 'That passkey was not accepted; try another one or sign in another way.';

/** The ways to prove who you are that choice-based sign-in (USER_AUTH) can offer. */
export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** Where a sign-in stands: pick a factor, enter a code, or done. */
export type SignInStep = ChooseStep | CodeStep | SignedInStep;

/** SELECT_CHALLENGE: the factors this user may use; `choose` one (a password for the two password factors). */
export interface ChooseStep {
  kind: 'choose';
  available: FirstFactor[];
  choose(factor: FirstFactor, password?: string): Promise<SignInStep>;
}

/** A one-time code went out by e-mail or SMS; `answer` it, or `resend` a new one. */
export interface CodeStep {
  kind: 'email-code' | 'sms-code';
  /** Masked destination, e.g. `a***@e***`, when Cognito says. */
  destination?: string;
  answer(code: string): Promise<SignInStep>;
  resend(): Promise<SignInStep>;
}

/** Signed in: the tokens are also kept by the `UserAuth` that started it. */
export interface SignedInStep {
  kind: 'signed-in';
  tokens: UserAuthTokens;
}

/** What `signIn` accepts besides the username. */
export interface SignInOptions {
  /** Cognito's PREFERRED_CHALLENGE: run this factor at once when the user has it, else get `choose`. */
  preferred?: FirstFactor;
  /** Needed when `preferred` is PASSWORD or PASSWORD_SRP. */
  password?: string;
}

/** What a sign-in needs from the `UserAuth` running it. */
export interface SignInContext {
  call: UserPoolCall;
  clientId: string;
  /** The part of the pool id after `_`; SRP mixes it into every hash. */
  poolName: string;
  credentials: CredentialsLike | undefined;
  now(): number;
  /**
   * Keeps the new tokens (stored, and told to every tab) before the sign-in answers; `sentAt` is
   * when the request that brought them left, on `now`'s clock.
   */
  signedIn(tokens: SessionTokens, sentAt: number): Promise<UserAuthTokens>;
}

/** InitiateAuth's and RespondToAuthChallenge's answers, as far as sign-in reads them. */
interface AuthAnswer {
  ChallengeName?: string;
  ChallengeParameters?: Record<string, string>;
  AvailableChallenges?: FirstFactor[];
  Session?: string;
  AuthenticationResult?: AuthenticationResult;
}

interface Attempt {
  ctx: SignInContext;
  username: string;
  password?: string;
  srp?: SrpClient;
}

/** Starts a USER_AUTH sign-in and answers the first step. */
export function startSignIn(
  ctx: SignInContext,
  username: string,
  options: SignInOptions = {},
): Promise<SignInStep> {
  return initiate(
    { ctx, username: username.trim(), password: options.password },
    options.preferred,
  );
}

async function initiate(a: Attempt, preferred: FirstFactor | undefined): Promise<SignInStep> {
  const parameters: Record<string, string> = {
    USERNAME: a.username,
    ...(preferred && { PREFERRED_CHALLENGE: preferred, ...factorParameters(a, preferred) }),
  };
  const sentAt = a.ctx.now();
  const answer = await a.ctx.call<AuthAnswer>('InitiateAuth', {
    AuthFlow: 'USER_AUTH',
    ClientId: a.ctx.clientId,
    AuthParameters: parameters,
  });
  return stepFrom(a, answer, sentAt);
}

function factorParameters(a: Attempt, factor: FirstFactor): Record<string, string> {
  if (factor !== 'PASSWORD' && factor !== 'PASSWORD_SRP') return {};
  if (!a.password) throw new AuthError('invalid-input', 'Enter your password.');
  if (factor === 'PASSWORD') return { PASSWORD: a.password };
  a.srp = startSrp();
  return { SRP_A: a.srp.A };
}

async function respond(
  a: Attempt,
  challenge: string,
  session: string | undefined,
  responses: Record<string, string>,
): Promise<SignInStep> {
  const sentAt = a.ctx.now();
  const answer = await a.ctx.call<AuthAnswer>('RespondToAuthChallenge', {
    ClientId: a.ctx.clientId,
    ChallengeName: challenge,
    ...(session && { Session: session }),
    ChallengeResponses: { USERNAME: a.username, ...responses },
  });
  return stepFrom(a, answer, sentAt);
}

async function stepFrom(a: Attempt, answer: AuthAnswer, sentAt: number): Promise<SignInStep> {
  if (answer.AuthenticationResult) {
    const tokens = await a.ctx.signedIn(tokensFrom(answer.AuthenticationResult), sentAt);
    return { kind: 'signed-in', tokens };
  }
  const parameters = answer.ChallengeParameters ?? {};
  const session = answer.Session;
  switch (answer.ChallengeName) {
    case 'SELECT_CHALLENGE':
      return {
        kind: 'choose',
        available: answer.AvailableChallenges ?? [],
        choose: async (factor, password) => {
          if (password !== undefined) a.password = password;
          return respond(a, 'SELECT_CHALLENGE', session, {
            ANSWER: factor,
            ...factorParameters(a, factor),
          });
        },
      };
    case 'PASSWORD_VERIFIER':
      return respond(a, 'PASSWORD_VERIFIER', session, await passwordProof(a, parameters));
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      const name = answer.ChallengeName;
      return {
        kind: name === 'EMAIL_OTP' ? 'email-code' : 'sms-code',
        ...(parameters.CODE_DELIVERY_DESTINATION && {
          destination: parameters.CODE_DELIVERY_DESTINATION,
        }),
        // A wrong code is CodeMismatchException ("Invalid code or auth state for the user.", as quoted
        // in amplify-js #11069); an expired one is ExpiredCodeException in the emulator, but public
        // reports (amplify-android #2539) say Cognito may answer it as a mismatch too: resend helps both.
        answer: (code) => respond(a, name, session, { [`${name}_CODE`]: code.trim() }),
        // Cognito has no "resend" for sign-in codes: a new USER_AUTH with this preference sends a new one.
        resend: () => initiate(a, name),
      };
    }
    case 'WEB_AUTHN': {
      const options = JSON.parse(parameters.CREDENTIAL_REQUEST_OPTIONS ?? '{}');
      const credential = await getPasskeyAssertion(a.ctx.credentials, options);
      try {
        return await respond(a, 'WEB_AUTHN', session, { CREDENTIAL: JSON.stringify(credential) });
      } catch (error) {
        // Cognito refuses an assertion with the type it uses for a wrong password; say "passkey".
        if (!(error instanceof AuthError) || error.code !== 'wrong-credentials') throw error;
        throw new AuthError('wrong-credentials', PASSKEY_REFUSED, { cause: error.cause });
      }
    }
    default:
      throw new AuthError(
        'unsupported-challenge',
        `This sign-in needs a step this app does not handle (${answer.ChallengeName ?? 'none'}).`,
      );
  }
}

/** The PASSWORD_VERIFIER answer: the SRP proof over Cognito's salt, B and secret block. */
async function passwordProof(a: Attempt, p: Record<string, string>) {
  const { SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP } = p;
  if (!a.srp || !a.password || !SALT || !SRP_B || !SECRET_BLOCK || !USER_ID_FOR_SRP) {
    throw new AuthError('unknown', 'Cognito sent an incomplete password challenge.');
  }
  const timestamp = srpTimestamp(new Date(a.ctx.now()));
  let signature: string;
  try {
    signature = await passwordClaimSignature(
      a.srp,
      a.ctx.poolName,
      a.password,
      { SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP },
      timestamp,
    );
  } catch (cause) {
    // Only a malformed B from the server gets here (B mod N = 0 or u = 0).
    throw new AuthError('unknown', 'Cognito sent an invalid password challenge.', { cause });
  }
  return {
    // Cognito answers for the internal user name, which may differ from an alias typed in.
    USERNAME: USER_ID_FOR_SRP,
    PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: signature,
  };
}
