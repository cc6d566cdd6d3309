import { fenToYuanDecimal } from './yuan';

describe('fenToYuanDecimal', () => {
  it.each([
    [0n, '0.00'],
    [1n, '0.01'],
    [10n, '0.10'],
    [100n, '1.00'],
    [135000000n, '1350000.00'],
    [600000001n, '6000000.01'],
    [999999999999999999n, '9999999999999999.99'],
  ])('%s fen is %s yuan', (fen, yuan) => {
    expect(fenToYuanDecimal(fen)).toBe(yuan);
  });

  it('refuses a negative amount', () => {
    expect(() => fenToYuanDecimal(-1n)).toThrow();
  });
});
