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
 * another bank or fund answers 404, as if it did not exist (a cross-scope read never confirms what
 * exists), never silently widened; the other filter a caller gives is kept.
 */
export function readScopeOf(
  identity: Identity,
  requested: { bankId?: string | undefined; fundId?: string | undefined } = {},
): ReadScope {
  const own = identity.scope ?? '';
  const bankId = requested.bankId !== undefined ? { bankId: requested.bankId } : {};
  const fundId = requested.fundId !== undefined ? { fundId: requested.fundId } : {};
  if (identity.role === 'bank') {
    if (requested.bankId !== undefined && requested.bankId !== own)
      throw Problems.notFound(`bank ${requested.bankId}`);
    return { ...fundId, bankId: own };
  }
  if (identity.role === 'fund-manager') {
    if (requested.fundId !== undefined && requested.fundId !== own)
      throw Problems.notFound(`fund ${requested.fundId}`);
    return { ...bankId, fundId: own };
  }
  if (identity.role === 'cosharer') return { ...bankId, ...fundId, partyId: own };
  return { ...bankId, ...fundId };
}
