import { invariant } from './domain-error';

/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z), the last a check character over the first 17.
 *
 * Checked here: length, alphabet, check character. Deliberately NOT checked: the registration
 * authority (1st char) and entity type (2nd) tables, because notices after 2015 extended them
 * (e.g. `N` for agricultural organisations, `A` for the military reform office) and a stale table
 * would reject real codes; the check character already catches typos.
 */
export const USCC_LENGTH = 18;
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS: readonly number[] = [
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

const MODULUS = 31;

export type UsccValidation =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly reason: 'LENGTH'; readonly length: number }
  | {
      readonly ok: false;
      readonly reason: 'CHARSET';
      /** 0-based index of the first character outside the alphabet. */
      readonly position: number;
      readonly character: string;
    }
  | {
      readonly ok: false;
      readonly reason: 'CHECK_CHARACTER';
      readonly expected: string;
      readonly actual: string;
    };

/** Validates a code as given: no trimming, no case folding (lower case is not in the alphabet). */
export function validateUscc(code: string): UsccValidation {
  if (typeof code !== 'string' || code.length !== USCC_LENGTH) {
    return { ok: false, reason: 'LENGTH', length: typeof code === 'string' ? code.length : 0 };
  }
  for (let position = 0; position < USCC_LENGTH; position += 1) {
    const character = code.charAt(position);
    if (!USCC_ALPHABET.includes(character))
      return { ok: false, reason: 'CHARSET', position, character };
  }
  const expected = usccCheckCharacter(code.slice(0, USCC_LENGTH - 1));
  const actual = code.charAt(USCC_LENGTH - 1);
  if (expected !== actual) return { ok: false, reason: 'CHECK_CHARACTER', expected, actual };
  return { ok: true, code };
}

export function isValidUscc(code: string): boolean {
  return validateUscc(code).ok;
}

/**
 * The check character for the first 17 characters: `31 - (Σ value_i × weight_i mod 31)`, with 31
 * written as 0. Useful for generating test data.
 */
export function usccCheckCharacter(first17: string): string {
  invariant(first17.length === USCC_LENGTH - 1, () => `need 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < first17.length; i += 1) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    invariant(value >= 0, () => `character ${first17.charAt(i)} is not in the USCC alphabet`);
    sum += value * (USCC_WEIGHTS[i] ?? 0);
  }
  const check = (MODULUS - (sum % MODULUS)) % MODULUS;
  return USCC_ALPHABET.charAt(check);
}

/** Completes 17 characters into a valid code. */
export function withUsccCheckCharacter(first17: string): string {
  return `${first17}${usccCheckCharacter(first17)}`;
}
