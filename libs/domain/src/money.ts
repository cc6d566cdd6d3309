import { DomainError, invariant } from './domain-error';

/** Amounts are integer fen (1 yuan = 100 fen) held as `bigint`; never floats. */
export type Fen = bigint;

export const FEN_PER_YUAN = 100n;
/** 10000 bp = 100 %. */
export const BP_PER_WHOLE = 10_000;
/** Longest accepted fen string; matches the contracts' `FEN_PATTERN`. */
export const FEN_MAX_DIGITS = 18; // fits PostgreSQL bigint (19 digits)

export type FenParseReason =
  | 'NOT_A_STRING'
  | 'EMPTY'
  | 'SIGN'
  | 'NOT_AN_INTEGER'
  | 'INVALID_CHARACTER'
  | 'LEADING_ZERO'
  | 'TOO_MANY_DIGITS';

export type YuanParseReason =
  'NOT_A_STRING' | 'EMPTY' | 'SIGN' | 'TOO_MANY_DECIMALS' | 'INVALID_FORMAT' | 'TOO_MANY_DIGITS';

export const INVALID_FEN = 'MONEY.INVALID_FEN';
export const INVALID_YUAN = 'MONEY.INVALID_YUAN';

/** A money string that is not in canonical form; `reason` says which rule it broke. */
export class MoneyParseError<
  R extends string = FenParseReason | YuanParseReason,
> extends DomainError {
  constructor(
    code: typeof INVALID_FEN | typeof INVALID_YUAN,
    readonly reason: R,
    readonly input: unknown,
  ) {
    super(code, `${reason} (${describeInput(input)})`, { reason });
    this.name = 'MoneyParseError';
  }
}

function describeInput(input: unknown): string {
  if (typeof input === 'string') {
    return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}...` : input);
  }
  return typeof input;
}

/** What both parsers refuse first: anything but a non-empty string without a sign. */
function assertUnsignedText(
  value: unknown,
  fail: (reason: 'NOT_A_STRING' | 'EMPTY' | 'SIGN') => never,
): asserts value is string {
  if (typeof value !== 'string') return fail('NOT_A_STRING');
  if (value.length === 0) return fail('EMPTY');
  if (value.startsWith('-') || value.startsWith('+')) return fail('SIGN');
}

/**
 * Parses a canonical fen string: digits only, no sign, no leading zeros (except "0"), no decimal
 * point or exponent, at most 18 digits. Anything else, including JS numbers (which cannot carry
 * every fen exactly), is rejected so that two spellings of one amount never both exist.
 */
export function parseFen(value: unknown): Fen {
  const fail = (reason: FenParseReason): never => {
    throw new MoneyParseError<FenParseReason>(INVALID_FEN, reason, value);
  };
  assertUnsignedText(value, fail);
  if (/[.eE]/.test(value)) return fail('NOT_AN_INTEGER');
  if (!/^[0-9]+$/.test(value)) return fail('INVALID_CHARACTER');
  if (value.length > 1 && value.startsWith('0')) return fail('LEADING_ZERO');
  if (value.length > FEN_MAX_DIGITS) return fail('TOO_MANY_DIGITS');
  return BigInt(value);
}

/** Reason a value is not canonical fen, or `undefined` when `parseFen` would accept it. */
export function fenParseProblem(value: unknown): FenParseReason | undefined {
  try {
    parseFen(value);
    return undefined;
  } catch (error) {
    if (error instanceof MoneyParseError) return error.reason as FenParseReason;
    throw error;
  }
}

/** The canonical decimal string of a non-negative fen amount (the inverse of `parseFen`). */
export function formatFen(amountFen: Fen): string {
  invariant(amountFen >= 0n, () => `formatFen of a negative amount ${amountFen}`);
  const text = amountFen.toString();
  invariant(
    text.length <= FEN_MAX_DIGITS,
    () => `formatFen of ${text}: over ${FEN_MAX_DIGITS} digits`,
  );
  return text;
}

/** For people: `800000000n` -> `"8,000,000.00"`. Negative amounts keep a leading minus. */
export function formatYuan(amountFen: Fen): string {
  const negative = amountFen < 0n;
  const magnitudeFen = negative ? -amountFen : amountFen;
  const yuan = (magnitudeFen / FEN_PER_YUAN).toString();
  const fen = (magnitudeFen % FEN_PER_YUAN).toString().padStart(2, '0');
  const grouped = yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fen}`;
}

/**
 * For machines (CSV cells, ISO 20022 amounts): two decimals, no separators: `12345n` -> `"123.45"`.
 */
export function plainYuan(amountFen: Fen): string {
  return formatYuan(amountFen).replace(/,/g, '');
}

const YUAN_PATTERN = /^(0|[1-9][0-9]*|[1-9][0-9]{0,2}(,[0-9]{3})+)(\.[0-9]+)?$/;

/**
 * Parses a yuan amount typed by a person ("8000000", "8,000,000.5", "0.01") exactly into fen.
 * At most two decimals (a third would be a fraction of a fen); thousands separators are accepted
 * only when correctly grouped, so "1,00" is rejected rather than guessed at.
 */
export function yuanToFen(value: unknown): Fen {
  const fail = (reason: YuanParseReason): never => {
    throw new MoneyParseError<YuanParseReason>(INVALID_YUAN, reason, value);
  };
  assertUnsignedText(value, fail);
  const match = YUAN_PATTERN.exec(value);
  if (match === null) return fail('INVALID_FORMAT');
  const wholeYuan = (match[1] ?? '').replace(/,/g, '');
  const decimals = (match[3] ?? '').slice(1);
  if (decimals.length > 2) return fail('TOO_MANY_DECIMALS');
  const fenText = `${wholeYuan}${decimals.padEnd(2, '0')}`.replace(/^0+(?=.)/, '');
  if (fenText.length > FEN_MAX_DIGITS) return fail('TOO_MANY_DIGITS');
  return BigInt(fenText);
}

function toBigIntBp(rateBp: number | bigint): bigint {
  if (typeof rateBp === 'bigint') return rateBp;
  invariant(Number.isSafeInteger(rateBp), () => `basis points must be an integer, got ${rateBp}`);
  return BigInt(rateBp);
}

/** `roundHalfUp(amount × bp / 10000)` = `(amount × bp + 5000) div 10000`, on non-negatives only. */
export function roundHalfUpBp(amountFen: Fen, rateBp: number | bigint): Fen {
  const bp = toBigIntBp(rateBp);
  invariant(amountFen >= 0n, () => `roundHalfUpBp of a negative amount ${amountFen}`);
  invariant(bp >= 0n, () => `roundHalfUpBp with a negative rate ${bp}`);
  return (amountFen * bp + 5_000n) / 10_000n;
}

export function minFen(first: Fen, ...rest: Fen[]): Fen {
  return rest.reduce((least, value) => (value < least ? value : least), first);
}

export function maxFen(first: Fen, ...rest: Fen[]): Fen {
  return rest.reduce((most, value) => (value > most ? value : most), first);
}

export function sumFen(values: Iterable<Fen>): Fen {
  let totalFen = 0n;
  for (const value of values) totalFen += value;
  return totalFen;
}
