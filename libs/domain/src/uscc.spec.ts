import fc from 'fast-check';
import {
  USCC_ALPHABET,
  isValidUscc,
  usccCheckCharacter,
  validateUscc,
  withUsccCheckCharacter,
} from './uscc';

describe('validateUscc', () => {
  it.each(['91350100M000100Y43', '91110000600037341L'])('accepts the real code %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, code });
  });

  it('rejects a wrong length', () => {
    expect(validateUscc('91350100M000100Y4')).toEqual({ ok: false, reason: 'LENGTH', length: 17 });
    expect(validateUscc('')).toEqual({ ok: false, reason: 'LENGTH', length: 0 });
  });

  it.each([
    ['91350100M000100I43', 15, 'I'],
    ['9135010OM000100Y43', 7, 'O'],
    ['Z1350100M000100Y43', 0, 'Z'],
    ['91350100S000100Y43', 8, 'S'],
    ['91350100V000100Y43', 8, 'V'],
    ['91350100m000100Y43', 8, 'm'],
    ['91350100M000100Y4 ', 17, ' '],
  ])('rejects %s for its character set at position %i', (code, position, character) => {
    expect(validateUscc(code)).toEqual({ ok: false, reason: 'CHARSET', position, character });
  });

  it('rejects a wrong check character and says which was expected', () => {
    expect(validateUscc('91350100M000100Y44')).toEqual({
      ok: false,
      reason: 'CHECK_CHARACTER',
      expected: '3',
      actual: '4',
    });
  });

  it('writes a check value of 31 as 0', () => {
    // All zeros: weighted sum 0, 31 - 0 = 31, which is written as "0".
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
    expect(isValidUscc('000000000000000000')).toBe(true);
  });

  it('refuses to compute a check character for a bad prefix', () => {
    expect(() => usccCheckCharacter('123')).toThrow(/17 characters/);
    expect(() => usccCheckCharacter('9135010IM000100Y4')).toThrow(/alphabet/);
  });

  const alphabetChar = fc.constantFrom(...USCC_ALPHABET.split(''));
  const prefix17 = fc
    .array(alphabetChar, { minLength: 17, maxLength: 17 })
    .map((cs) => cs.join(''));

  it('accepts every generated code and catches every single-character substitution', () => {
    fc.assert(
      fc.property(prefix17, fc.nat(17), alphabetChar, (first17, position, replacement) => {
        const code = withUsccCheckCharacter(first17);
        expect(isValidUscc(code)).toBe(true);
        fc.pre(code.charAt(position) !== replacement);
        const typo = `${code.slice(0, position)}${replacement}${code.slice(position + 1)}`;
        expect(validateUscc(typo).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
