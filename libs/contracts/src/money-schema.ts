import { z } from 'zod';

// Money crosses process boundaries as decimal strings of fen: no floats, no exponent, no sign,
// no leading zeros, at most 18 digits (fits PostgreSQL bigint, far beyond any programme's size).
export const FEN_PATTERN = /^(0|[1-9][0-9]{0,17})$/;

export const fenString = z
  .string()
  .regex(FEN_PATTERN, 'must be a non-negative integer amount of fen as a decimal string');

export const positiveFenString = fenString.refine((v) => v !== '0', 'must be more than zero fen');

/** A signed change of an amount, e.g. `-1` when a fund's part of a growing recovery shrinks by a fen. */
export const signedFenString = z
  .string()
  .regex(/^(0|-?[1-9][0-9]{0,17})$/, 'must be a whole number of fen as a decimal string');

export const basisPoints = z.number().int().min(0).max(10000);

export const businessDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'must be a real calendar date',
  );

export const isoTimestamp = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 timestamp');

export const fundId = z
  .string()
  .regex(
    /^(CITY|TOWN:[A-Z0-9_]{1,32}|[A-Z][A-Z0-9_]{0,31})$/,
    'must be CITY, TOWN:<code> or a fund code',
  );

export const bankId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');

export const townCode = z.string().regex(/^[A-Z0-9_]{1,32}$/, 'must be an upper-case town code');

export const entityId = z.string().min(1).max(128);

/**
 * A deposit into a fund (a compensation fund's or a subsidy fund's, by `fund`), and the fund's
 * available balance after it (and after the queue fills it caused).
 */
export function fundDeposit<F extends z.ZodTypeAny>(fund: F) {
  return z.object({
    depositId: entityId,
    fundId: fund,
    amountFen: positiveFenString,
    depositedBy: z.string().min(1),
    depositedAt: isoTimestamp,
    availableAfterFen: fenString,
  });
}
