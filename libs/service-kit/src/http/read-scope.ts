import { Identity } from '@riskpool/contracts';
import { Problems } from './problem';

/** The rows a caller may read, as filters: none for a regulator (or admin), else its own. */
export interface ReadScope {
  readonly bankId?: string;
  readonly fundId?: string;
  readonly partyId?: string;
}

/**
 * What a caller may read: a bank only its own rows, a fund manager only its fund's, a co-sharer
 * only those naming it (docs/domain.md §8.4), a regulator (and admin) everything. A filter naming
 * another bank, fund or co-sharer answers 404, as if it did not exist (a cross-scope read never
 * confirms what exists), never silently widened; the other filters a caller gives are kept.
 */
export function readScopeOf(
  identity: Identity,
  requested: {
    bankId?: string | undefined;
    fundId?: string | undefined;
    partyId?: string | undefined;
  } = {},
): ReadScope {
  const own = identity.scope ?? '';
  const bankId = requested.bankId !== undefined ? { bankId: requested.bankId } : {};
  const fundId = requested.fundId !== undefined ? { fundId: requested.fundId } : {};
  const partyId = requested.partyId !== undefined ? { partyId: requested.partyId } : {};
  if (identity.role === 'bank') {
    if (requested.bankId !== undefined && requested.bankId !== own)
      throw Problems.notFound(`bank ${requested.bankId}`);
    return { ...fundId, ...partyId, bankId: own };
  }
  if (identity.role === 'fund-manager') {
    if (requested.fundId !== undefined && requested.fundId !== own)
      throw Problems.notFound(`fund ${requested.fundId}`);
    return { ...bankId, ...partyId, fundId: own };
  }
  if (identity.role === 'cosharer') {
    if (requested.partyId !== undefined && requested.partyId !== own)
      throw Problems.notFound(`co-sharer ${requested.partyId}`);
    return { ...bankId, ...fundId, partyId: own };
  }
  return { ...bankId, ...fundId, ...partyId };
}

/** What a row is read by: its bank, the funds with a share in it, the co-sharers it names. */
export interface ScopedRow {
  readonly bankId: string;
  readonly fundIds?: readonly string[];
  readonly partyIds?: readonly string[];
}

/**
 * Whether a row is in the caller's scope (`readScopeOf`): its bank the caller's, a share of the
 * caller's fund, or naming the caller; a row outside it answers 404, like an unknown one.
 */
export const inReadScope = (scope: ReadScope, row: ScopedRow): boolean =>
  (scope.bankId === undefined || row.bankId === scope.bankId) &&
  (scope.fundId === undefined || (row.fundIds ?? []).includes(scope.fundId)) &&
  (scope.partyId === undefined || (row.partyIds ?? []).includes(scope.partyId));
