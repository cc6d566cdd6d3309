import { Identity } from '@riskpool/contracts';
import { Problems } from '@riskpool/service-kit';

export interface ReadScope {
  readonly bankId?: string;
  readonly fundId?: string;
}

/**
 * What a caller may read: a bank only its own rows, a fund manager only its fund's, a regulator
 * (and admin) everything. A filter naming another bank or fund answers 404, as if it did not exist
 * (a cross-scope read never confirms what exists), never silently widened.
 */
export function readScopeOf(
  identity: Identity,
  requested: { bankId?: string | undefined; fundId?: string | undefined },
): ReadScope {
  const own = identity.scope ?? '';
  if (identity.role === 'bank') {
    if (requested.bankId !== undefined && requested.bankId !== own)
      throw Problems.notFound(`bank ${requested.bankId}`);
    return { bankId: own, ...(requested.fundId !== undefined ? { fundId: requested.fundId } : {}) };
  }
  if (identity.role === 'fund-manager') {
    if (requested.fundId !== undefined && requested.fundId !== own)
      throw Problems.notFound(`fund ${requested.fundId}`);
    return { fundId: own, ...(requested.bankId !== undefined ? { bankId: requested.bankId } : {}) };
  }
  return {
    ...(requested.bankId !== undefined ? { bankId: requested.bankId } : {}),
    ...(requested.fundId !== undefined ? { fundId: requested.fundId } : {}),
  };
}
