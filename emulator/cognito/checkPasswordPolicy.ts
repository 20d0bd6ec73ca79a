import { CognitoServiceError } from './CognitoServiceError.ts';

/** Cognito's default minimum password length. */
const MIN_LENGTH = 8;

/** The characters Cognito counts as symbols (its documented set, space included). */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

/** Throws Cognito's InvalidPasswordException unless `password` meets the default policy; one reason at a time, as Cognito reports. */
export function checkPasswordPolicy(password: string): void {
  const fail = (reason: string) =>
    new CognitoServiceError(
      'InvalidPasswordException',
      `Password did not conform with policy: ${reason}`,
    );
  if ([...password].length < MIN_LENGTH) throw fail('Password not long enough');
  if (!/[a-z]/.test(password)) throw fail('Password must have lowercase characters');
  if (!/[A-Z]/.test(password)) throw fail('Password must have uppercase characters');
  if (!/[0-9]/.test(password)) throw fail('Password must have numeric characters');
  if (![...password].some((c) => SYMBOLS.has(c)))
    throw fail('Password must have symbol characters');
}
