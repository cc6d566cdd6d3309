// Money in the console: the API speaks integer fen as decimal strings; people read and type yuan.
// Everything here is string arithmetic on digits, so no amount ever passes through a float.

const FEN_TEXT = /^-?(0|[1-9][0-9]*)$/;

/** `"123456789"` fen → `"1,234,567.89"` yuan, with thousands separators and two decimals. */
export function formatFen(fen: string): string {
  if (!FEN_TEXT.test(fen)) throw new Error(`not an amount in fen: ${JSON.stringify(fen)}`);
  const negative = fen.startsWith('-');
  const digits = (negative ? fen.slice(1) : fen).padStart(3, '0');
  const yuan = digits.slice(0, -2);
  const cents = digits.slice(-2);
  const grouped = yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${cents}`;
}

/** `formatFen` with the currency sign, for tables and cards: `¥1,234,567.89`. */
export function formatYuan(fen: string | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '–';
  return `¥${formatFen(fen)}`;
}

export type YuanParse =
  | { readonly ok: true; readonly fen: string }
  | { readonly ok: false; readonly problem: 'empty' | 'format' | 'decimals' };

/** Plain digits, or digits grouped by commas in threes; then at most two decimals. */
const YUAN_TEXT = /^(?:(\d+)|(\d{1,3}(?:,\d{3})+))(?:\.(\d*))?$/;

/**
 * What a person typed in yuan (`"1,234.5"`, `"1234.50"`, `"0.01"`) → fen as a decimal string
 * (`"123450"`). Refuses signs, letters, misplaced commas and more than two decimals, rather than
 * guess; blanks around the text are ignored.
 */
export function parseYuan(input: string): YuanParse {
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  const match = YUAN_TEXT.exec(text);
  if (match === null) return { ok: false, problem: 'format' };
  const whole = (match[1] ?? match[2] ?? '').replace(/,/g, '');
  const decimals = match[3] ?? '';
  if (decimals.length > 2) return { ok: false, problem: 'decimals' };
  const fen = `${whole}${decimals.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  return { ok: true, fen };
}

/** Sum of fen strings, exactly (BigInt). */
export function sumFen(amounts: readonly string[]): string {
  return amounts.reduce((sum, a) => sum + BigInt(a), 0n).toString();
}

/** `part ÷ whole` in basis points, rounded down; 0 when the whole is 0. */
export function ratioBp(part: string, whole: string): number {
  const w = BigInt(whole);
  if (w === 0n) return 0;
  return Number((BigInt(part) * 10_000n) / w);
}

/** Basis points as a percentage with two decimals: 4500 → `"45.00%"`. */
export function formatBp(bp: number): string {
  const text = String(Math.trunc(bp)).padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}%`;
}
