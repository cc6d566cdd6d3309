import fc from 'fast-check';
import {
  MoneyParseError,
  fenParseProblem,
  formatFen,
  formatYuan,
  maxFen,
  minFen,
  parseFen,
  plainYuan,
  roundHalfUpBp,
  sumFen,
  yuanToFen,
} from './money';

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof MoneyParseError) return error.reason;
    throw error;
  }
}

/** `parse(format(amountFen))` is `amountFen` for every amount of up to 18 digits. */
function expectInverses(format: (fen: bigint) => string, parse: (text: string) => bigint): void {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), (amountFen) => {
      expect(parse(format(amountFen))).toBe(amountFen);
    }),
    { numRuns: 2000 },
  );
}

describe('parseFen', () => {
  it.each([
    ['0', 0n],
    ['1', 1n],
    ['500000000', 500_000_000n],
    ['999999999999999999', 999_999_999_999_999_999n],
  ])('accepts canonical %s', (text, expected) => {
    expect(parseFen(text)).toBe(expected);
  });

  it.each([
    [500, 'NOT_A_STRING'],
    [1.5, 'NOT_A_STRING'],
    [10n, 'NOT_A_STRING'],
    [null, 'NOT_A_STRING'],
    [undefined, 'NOT_A_STRING'],
    [{}, 'NOT_A_STRING'],
    ['', 'EMPTY'],
    ['-1', 'SIGN'],
    ['+1', 'SIGN'],
    ['-0', 'SIGN'],
    ['1.0', 'NOT_AN_INTEGER'],
    ['1e3', 'NOT_AN_INTEGER'],
    ['1E3', 'NOT_AN_INTEGER'],
    [' 1', 'INVALID_CHARACTER'],
    ['1 ', 'INVALID_CHARACTER'],
    ['0x10', 'INVALID_CHARACTER'],
    ['1_000', 'INVALID_CHARACTER'],
    ['１', 'INVALID_CHARACTER'],
    ['00', 'LEADING_ZERO'],
    ['0123', 'LEADING_ZERO'],
    ['1000000000000000000', 'TOO_MANY_DIGITS'],
  ])('rejects %p with reason %s', (input, reason) => {
    expect(reasonOf(() => parseFen(input))).toBe(reason);
    expect(fenParseProblem(input)).toBe(reason);
  });

  it('carries the stable code MONEY.INVALID_FEN', () => {
    expect(() => parseFen('01')).toThrow(expect.objectContaining({ code: 'MONEY.INVALID_FEN' }));
  });

  it('round-trips with formatFen for every amount of up to 18 digits', () => {
    expectInverses(formatFen, parseFen);
  });
});

describe('formatFen', () => {
  it('refuses negative amounts, which have no canonical string', () => {
    expect(() => formatFen(-1n)).toThrow(/negative/);
  });
});

describe('formatYuan and plainYuan', () => {
  it.each([
    [800_000_000n, '8,000,000.00', '8000000.00'],
    [0n, '0.00', '0.00'],
    [1n, '0.01', '0.01'],
    [5n, '0.05', '0.05'],
    [99n, '0.99', '0.99'],
    [100n, '1.00', '1.00'],
    [12_345n, '123.45', '123.45'],
    [123_456_789n, '1,234,567.89', '1234567.89'],
    [-150n, '-1.50', '-1.50'],
  ])('format %p as %s, and plainly as %s', (amountFen, grouped, plain) => {
    expect(formatYuan(amountFen)).toBe(grouped);
    expect(plainYuan(amountFen)).toBe(plain);
  });
});

describe('yuanToFen', () => {
  it.each([
    ['8000000', 800_000_000n],
    ['8,000,000.00', 800_000_000n],
    ['8000000.5', 800_000_050n],
    ['0.01', 1n],
    ['0', 0n],
    ['1,234,567.89', 123_456_789n],
  ])('parses %s exactly', (text, expected) => {
    expect(yuanToFen(text)).toBe(expected);
  });

  it.each([
    [8, 'NOT_A_STRING'],
    ['', 'EMPTY'],
    ['-1', 'SIGN'],
    ['0.001', 'TOO_MANY_DECIMALS'],
    ['1.005', 'TOO_MANY_DECIMALS'],
    ['.5', 'INVALID_FORMAT'],
    ['1.', 'INVALID_FORMAT'],
    ['01', 'INVALID_FORMAT'],
    ['1,00', 'INVALID_FORMAT'],
    ['1,0000', 'INVALID_FORMAT'],
    ['1e3', 'INVALID_FORMAT'],
    ['1 000', 'INVALID_FORMAT'],
    ['1000000000000000000000', 'TOO_MANY_DIGITS'],
  ])('rejects %p with reason %s', (input, reason) => {
    expect(reasonOf(() => yuanToFen(input))).toBe(reason);
  });

  it('is the inverse of formatYuan', () => {
    expectInverses(formatYuan, yuanToFen);
  });
});

describe('roundHalfUpBp', () => {
  it('rounds the worked example 600000001 x 4500 bp = 270000000.45 down to 270000000', () => {
    expect(roundHalfUpBp(600_000_001n, 4500)).toBe(270_000_000n);
  });

  it('rounds exactly half up', () => {
    // 1 x 5000 / 10000 = 0.5
    expect(roundHalfUpBp(1n, 5000)).toBe(1n);
    // 1 x 4999 / 10000 = 0.4999
    expect(roundHalfUpBp(1n, 4999)).toBe(0n);
    expect(roundHalfUpBp(3n, 5000n)).toBe(2n);
  });

  it('refuses negative amounts, negative rates and fractional rates', () => {
    expect(() => roundHalfUpBp(-1n, 100)).toThrow(/negative amount/);
    expect(() => roundHalfUpBp(1n, -1)).toThrow(/negative rate/);
    expect(() => roundHalfUpBp(1n, 1.5)).toThrow(/integer/);
  });

  it('is within half a fen of the exact product', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 10_000 }),
        (amountFen, rateBp) => {
          const rounded = roundHalfUpBp(amountFen, rateBp);
          const exactTimes10000 = amountFen * BigInt(rateBp);
          // |rounded - exact| <= 1/2, and exactly-half goes up
          expect(rounded * 20_000n - exactTimes10000 * 2n).toBeLessThanOrEqual(10_000n);
          expect(exactTimes10000 * 2n - rounded * 20_000n).toBeLessThan(10_000n);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('minFen, maxFen, sumFen', () => {
  it('work on bigints', () => {
    expect(minFen(3n, 1n, 2n)).toBe(1n);
    expect(maxFen(3n, 1n, 5n)).toBe(5n);
    expect(sumFen([1n, 2n, 3n])).toBe(6n);
    expect(sumFen([])).toBe(0n);
  });
});
