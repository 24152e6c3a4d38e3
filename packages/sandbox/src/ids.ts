import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A new unit id in the vendor's form. The sandbox checks one against the spec's UnitId
 * schema when it starts, so a change of the documented form is caught there.
 */
export function randomUnitId(): string {
  const bytes = randomBytes(28);
  let tail = 'A';
  for (let i = 1; i < bytes.length; i++) tail += ALPHABET[bytes[i]! % ALPHABET.length];
  return `amzn1.alexa.unit.did.${tail}`;
}

export function requestId(): string {
  return randomUUID();
}

/** Room Retrieve's Ruid: an opaque base64 string like the vendor's samples. */
export function ruid(): string {
  return randomBytes(33).toString('base64url');
}
