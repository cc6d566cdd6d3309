import { type CoSharerKind, isCoSharerKind } from './codes';
import { invariant } from './domain-error';
import { BP_PER_WHOLE, type Fen, roundHalfUpBp } from './money';

/** A party named on a loan at registration that bears a share of the basis (docs/domain.md §8.4). */
export interface CoSharer {
  readonly partyId: string;
  readonly kind: CoSharerKind;
  readonly shareBp: number;
}

export interface CoSharerShare extends CoSharer {
  /** roundHalfUp(basis × shareBp / 10000): what it bears before any cut-back. */
  readonly wantedFen: Fen;
  /** What it bears: owed by it to the lender once the claim is approved. */
  readonly shareFen: Fen;
  /** wanted − share: how much the lender's minimum took back from it. */
  readonly cutBackFen: Fen;
}

export interface CoSharerSplit {
  readonly coSharerShares: readonly CoSharerShare[];
  /** roundHalfUp(basis × minLenderShareBp / 10000). */
  readonly lenderMinimumFen: Fen;
  /** bank share − Σ co-sharer shares: what the lender itself bears. */
  readonly lenderShareFen: Fen;
}

/**
 * docs/domain.md §8.4: each co-sharer bears roundHalfUp(basis × shareBp / 10000), taken from the bank
 * share (basis − pool), but never so much that the lender bears less than its minimum: co-sharers
 * are cut back the last listed first (so earlier ones keep their part longest). The pool is never
 * touched. If the pool alone leaves the lender below its minimum (rounding can, by a fen, when
 * rate + minLenderShareBp = 10000), co-sharers bear nothing and the lender bears the rest.
 */
export function splitAmongCoSharers(input: {
  readonly basisFen: Fen;
  readonly bankShareFen: Fen;
  readonly coSharers: readonly CoSharer[];
  readonly minLenderShareBp: number;
}): CoSharerSplit {
  const { basisFen, bankShareFen, coSharers, minLenderShareBp } = input;
  invariant(
    bankShareFen >= 0n && bankShareFen <= basisFen,
    () => `bank share ${bankShareFen} outside 0..basis ${basisFen}`,
  );
  const lenderMinimumFen = roundHalfUpBp(basisFen, minLenderShareBp);
  let roomFen = bankShareFen > lenderMinimumFen ? bankShareFen - lenderMinimumFen : 0n;
  const coSharerShares = coSharers.map((coSharer) => {
    const wantedFen = roundHalfUpBp(basisFen, coSharer.shareBp);
    const shareFen = wantedFen < roomFen ? wantedFen : roomFen;
    roomFen -= shareFen;
    return { ...coSharer, wantedFen, shareFen, cutBackFen: wantedFen - shareFen };
  });
  const borneFen = coSharerShares.reduce((sum, c) => sum + c.shareFen, 0n);
  const lenderShareFen = bankShareFen - borneFen;
  invariant(lenderShareFen >= 0n, 'co-sharers took more than the bank share');
  invariant(
    borneFen === 0n || lenderShareFen >= lenderMinimumFen,
    'co-sharers took the lender below its minimum share',
  );
  return { coSharerShares, lenderMinimumFen, lenderShareFen };
}

export interface CoSharerIssue {
  /** The request field, e.g. `coSharers[1].shareBp`. */
  readonly path: string;
  readonly code:
    | 'NOT_AN_OBJECT'
    | 'PARTY_ID_INVALID'
    | 'KIND_UNKNOWN'
    | 'SHARE_BP_INVALID'
    | 'DUPLICATE_PARTY'
    | 'UNKNOWN_PARTY'
    | 'KIND_MISMATCH'
    | 'LENDER_BELOW_MINIMUM_SHARE';
  readonly message: string;
}

const PARTY_ID_PATTERN = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

export function isPartyId(value: unknown): value is string {
  return typeof value === 'string' && PARTY_ID_PATTERN.test(value);
}

/**
 * Every problem with the co-sharers a loan names at registration (docs/domain.md §8.4), each naming
 * its field: shape, unknown or mis-kinded parties (`admittedParties`: party id → its admitted
 * kind), and "rate + Σ shareBp > 10000 − minLenderShareBp", which refuses the loan with or
 * without co-sharers. An empty list means they may be recorded.
 */
export function coSharerIssues(input: {
  readonly coSharers: unknown;
  /** The loan's compensation rate (docs/domain.md §5.2). */
  readonly rateBp: number;
  readonly minLenderShareBp: number;
  readonly admittedParties?: ReadonlyMap<string, CoSharerKind>;
}): CoSharerIssue[] {
  const issues: CoSharerIssue[] = [];
  const list = input.coSharers === undefined ? [] : input.coSharers;
  if (!Array.isArray(list)) {
    return [{ path: 'coSharers', code: 'NOT_AN_OBJECT', message: 'must be a list of co-sharers' }];
  }
  let totalBp = 0;
  const seen = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const path = `coSharers[${index}]`;
    if (typeof entry !== 'object' || entry === null) {
      issues.push({ path, code: 'NOT_AN_OBJECT', message: 'is { partyId, kind, shareBp }' });
      return;
    }
    const { partyId, kind, shareBp } = entry as Record<string, unknown>;
    if (!isPartyId(partyId)) {
      issues.push({
        path: `${path}.partyId`,
        code: 'PARTY_ID_INVALID',
        message: 'must be an admitted party id (A-Z, 0-9, _ and -)',
      });
    } else if (seen.has(partyId)) {
      issues.push({
        path: `${path}.partyId`,
        code: 'DUPLICATE_PARTY',
        message: `${partyId} named twice`,
      });
    } else {
      seen.add(partyId);
      const admitted = input.admittedParties?.get(partyId);
      if (input.admittedParties !== undefined && admitted === undefined) {
        issues.push({
          path: `${path}.partyId`,
          code: 'UNKNOWN_PARTY',
          message: `${partyId} is not an admitted co-sharer`,
        });
      } else if (admitted !== undefined && isCoSharerKind(kind) && admitted !== kind) {
        issues.push({
          path: `${path}.kind`,
          code: 'KIND_MISMATCH',
          message: `${partyId} was admitted as ${admitted}`,
        });
      }
    }
    if (!isCoSharerKind(kind)) {
      issues.push({
        path: `${path}.kind`,
        code: 'KIND_UNKNOWN',
        message: 'must be GUARANTOR, INSURER or VALUER',
      });
    }
    if (!Number.isSafeInteger(shareBp) || (shareBp as number) < 1 || (shareBp as number) > 10_000) {
      issues.push({
        path: `${path}.shareBp`,
        code: 'SHARE_BP_INVALID',
        message: 'must be a whole number of basis points in 1..10000',
      });
    } else {
      totalBp += shareBp as number;
    }
  });
  const ceilingBp = BP_PER_WHOLE - input.minLenderShareBp;
  if (input.rateBp + totalBp > ceilingBp) {
    issues.push({
      // Without co-sharers only a policy with maxRateBp above the ceiling could get here.
      path: 'coSharers',
      code: 'LENDER_BELOW_MINIMUM_SHARE',
      message: `rate ${input.rateBp} bp + co-sharer shares ${totalBp} bp pass ${ceilingBp} bp: the lender must bear at least ${input.minLenderShareBp} bp`,
    });
  }
  return issues;
}
