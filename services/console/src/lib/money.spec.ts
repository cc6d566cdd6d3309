import fc from 'fast-check';
import { formatBp, formatFen, parseYuan, ratioBp, sumFen } from './money';

const fenAmount = fc.bigInt({ min: 0n, max: 10n ** 24n }).map((n) => n.toString());

describe('formatFen', () => {
  it.each([
    ['0', '0.00'],
    ['1', '0.01'],
    ['99', '0.99'],
    ['100', '1.00'],
    ['123456789', '1,234,567.89'],
    ['600000001', '6,000,000.01'],
    ['-135000000', '-1,350,000.00'],
  ])('%s fen reads %s yuan', (fen, yuan) => {
    expect(formatFen(fen)).toBe(yuan);
  });

  it('refuses what is not an integer amount', () => {
    expect(() => formatFen('1.5')).toThrow();
    expect(() => formatFen('01')).toThrow();
    expect(() => formatFen('')).toThrow();
  });
});

describe('parseYuan', () => {
  it.each([
    ['0.01', '1'],
    ['1', '100'],
    ['1.5', '150'],
    ['1,234.56', '123456'],
    ['  6000000.01 ', '600000001'],
    ['0', '0'],
    ['007.10', '710'],
    ['12.', '1200'],
    ['90071992547409.93', '9007199254740993'],
  ])('%j yuan is %s fen', (yuan, fen) => {
    expect(parseYuan(yuan)).toEqual({ ok: true, fen });
  });

  /** What is typed that `parseYuan` refuses, by the problem it names. */
  const REFUSED = {
    empty: ['', '   '],
    format: ['-1', '1e3', '12,34', '1,2345', '.5', '¥5'],
    decimals: ['1.234'],
  };
  it.each(
    Object.entries(REFUSED).flatMap(([problem, typed]) => typed.map((yuan) => [yuan, problem])),
  )('%j is refused (%s)', (yuan, problem) => {
    expect(parseYuan(yuan)).toEqual({ ok: false, problem });
  });

  it('reads back every formatted amount exactly', () => {
    fc.assert(
      fc.property(fenAmount, (fen) => {
        expect(parseYuan(formatFen(fen))).toEqual({ ok: true, fen });
      }),
    );
  });

  it('reads yuan typed without separators and with one or two decimals exactly', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 99 }),
        fc.boolean(),
        (yuan, cents, oneDecimal) => {
          const decimals =
            oneDecimal && cents % 10 === 0 ? String(cents / 10) : String(cents).padStart(2, '0');
          const expected = (yuan * 100n + BigInt(cents)).toString();
          expect(parseYuan(`${yuan}.${decimals}`)).toEqual({ ok: true, fen: expected });
        },
      ),
    );
  });

  it('always answers a canonical fen string or a refusal, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.,- e'.split('')) }), (text) => {
        const parsed = parseYuan(text);
        if (parsed.ok) expect(parsed.fen).toMatch(/^(0|[1-9][0-9]*)$/);
      }),
    );
  });
});

describe('sums and ratios', () => {
  it('adds fen beyond the range of a float exactly', () => {
    expect(sumFen(['9007199254740993', '1'])).toBe('9007199254740994');
  });

  it('computes a ratio in basis points, rounded down', () => {
    expect(ratioBp('1', '3')).toBe(3333);
    expect(ratioBp('5', '0')).toBe(0);
    expect(formatBp(300)).toBe('3.00%');
    expect(formatBp(4500)).toBe('45.00%');
    expect(formatBp(7)).toBe('0.07%');
  });
});
