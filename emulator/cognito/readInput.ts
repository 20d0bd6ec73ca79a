import { CognitoServiceError } from './CognitoServiceError.ts';

/** A request body: AWS JSON protocol bodies are always objects. */
export type Input = Record<string, unknown>;

/**
 * The error type each service uses for a request that breaks its model's constraints: the User Pool
 * says InvalidParameterException, the Identity Pool ValidationException.
 */
export type ValidationErrorType = 'InvalidParameterException' | 'ValidationException';

function memberName(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/** AWS's wording for a constraint a member fails, as in "1 validation error detected: ...". */
export function constraintError(
  type: ValidationErrorType,
  field: string,
  value: string | null,
  constraint: string,
): CognitoServiceError {
  const shown = value === null ? 'null' : `'${value}'`;
  return new CognitoServiceError(
    type,
    `1 validation error detected: Value ${shown} at '${memberName(field)}' failed to satisfy constraint: ${constraint}`,
  );
}

function wrongType(field: string, expected: string): CognitoServiceError {
  return new CognitoServiceError('SerializationException', `Expected ${expected} at '${field}'`);
}

/** The string member `field`, or undefined when absent; another JSON type is a SerializationException as in AWS. */
export function optionalString(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(field, 'a string');
  return value;
}

/** The string member `field`; absent is the service's "Member must not be null" error. */
export function requireString(input: Input, field: string, type: ValidationErrorType): string {
  const value = optionalString(input, field);
  if (value === undefined) throw constraintError(type, field, null, 'Member must not be null');
  return value;
}

/** A map of strings (AuthParameters, Logins), or undefined when absent. */
export function optionalStringMap(input: Input, field: string): Record<string, string> | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(field, 'a map');
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    // AWS drops null map entries; the Cognito library sends DEVICE_KEY: null when it has none.
    if (entry === null) continue;
    if (typeof entry !== 'string') throw wrongType(`${field}.${key}`, 'a string');
    map[key] = entry;
  }
  return map;
}

/** A list of `{Name, Value}` attributes (UserAttributes), or undefined when absent. */
export function optionalAttributes(
  input: Input,
  field: string,
): Record<string, string> | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(field, 'a list');
  const attributes: Record<string, string> = {};
  for (const item of value as unknown[]) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw wrongType(field, 'a list of attributes');
    }
    const name = optionalString(item as Input, 'Name');
    const attributeValue = optionalString(item as Input, 'Value');
    if (name === undefined) {
      throw constraintError(
        'InvalidParameterException',
        `${field}.member.name`,
        null,
        'Member must not be null',
      );
    }
    attributes[name] = attributeValue ?? '';
  }
  return attributes;
}
