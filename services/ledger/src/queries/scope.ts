import { Identity } from '@riskpool/contracts';
import { Problems } from '@riskpool/service-kit';

/** What a caller may read: everything (regulator), a bank's rows, or a fund's rows. */
export type ReadScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'bank'; readonly bankId: string }
  | { readonly kind: 'fund'; readonly fundId: string };

export function scopeOf(identity: Identity): ReadScope {
  if (identity.role === 'regulator') return { kind: 'all' };
  if (identity.role === 'bank' && identity.scope) return { kind: 'bank', bankId: identity.scope };
  if (identity.role === 'fund-manager' && identity.scope)
    return { kind: 'fund', fundId: identity.scope };
  throw Problems.forbidden(`role ${identity.role} reads nothing in the ledger`);
}

/** SQL (on entry alias `e`) limiting rows to a scope; pushes its parameters onto `params`. */
export function scopeSql(
  scope: ReadScope,
  params: unknown[],
  schemaTable: (t: string) => string,
): string {
  if (scope.kind === 'all') return 'TRUE';
  if (scope.kind === 'bank') {
    params.push(scope.bankId);
    const n = params.length;
    return `(e.bank_id = $${n} OR EXISTS (SELECT 1 FROM ${schemaTable('postings')} sp
      WHERE sp.seq = e.seq AND sp.owner_type = 'bank' AND sp.owner_id = $${n}))`;
  }
  params.push(scope.fundId);
  return `EXISTS (SELECT 1 FROM ${schemaTable('postings')} sp
    WHERE sp.seq = e.seq AND sp.owner_type = 'fund' AND sp.owner_id = $${params.length})`;
}
