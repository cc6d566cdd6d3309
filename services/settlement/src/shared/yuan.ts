/** Fen to a yuan decimal with exactly two decimals, by integer arithmetic: 12345n -> "123.45". */
export function fenToYuanDecimal(amountFen: bigint): string {
  if (amountFen < 0n) throw new Error(`negative amount ${amountFen}`);
  const fen = (amountFen % 100n).toString().padStart(2, '0');
  return `${(amountFen / 100n).toString()}.${fen}`;
}
