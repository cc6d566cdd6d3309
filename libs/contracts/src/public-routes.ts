import { Role } from './identity';

/** The service that serves a public route: the gateway itself or the service that owns it. */
export type RouteOwner =
  | 'gateway'
  | 'loan-registry'
  | 'default-events'
  | 'pool-allocation'
  | 'settlement'
  | 'ledger'
  | 'subsidy';

export interface PublicRouteAccess {
  readonly service: RouteOwner;
  /** Who may call it. The gateway lets these through and the service checks the same list. */
  readonly roles: readonly Role[];
  /** The service's own path when it is not the public one (e.g. `/admin/funds` → `/funds`). */
  readonly upstreamPath?: string;
}

const A = 'admin';
const B = 'bank';
const F = 'fund-manager';
const R = 'regulator';
/** A co-sharer party (guarantor, insurer, valuer; docs/domain.md §8.4): the claims it shares in. */
const C = 'cosharer';

/**
 * Every public route (`/api/v1` + path, `{param}` placeholders) and the roles it allows, declared
 * once: the gateway's route table and guard, each service's `@PublicRoute(...)` checks and the
 * OpenAPI `x-roles` all read this. Roles follow docs/domain.md §1: a bank reads its own rows, a fund
 * manager its fund's, the regulator reads everything and writes nothing, admin admits banks and
 * creates funds and keys but moves no money and decides no claim; a co-sharer (§8.4) reads the
 * claims it shares in. Scope (which bank, which fund) is
 * the service's check; a row outside the caller's scope answers 404.
 *
 * To add a route: add it here and serve it in its service with `@PublicRoute('METHOD /path')`.
 */
export const PUBLIC_ROUTES = {
  'POST /admin/api-keys': { service: 'gateway', roles: [A] },
  'GET /admin/api-keys': { service: 'gateway', roles: [A] },
  'POST /admin/api-keys/{keyId}/revoke': { service: 'gateway', roles: [A] },
  'POST /admin/banks': { service: 'gateway', roles: [A] },
  'GET /admin/banks': { service: 'gateway', roles: [A, R] },
  'POST /admin/banks/{bankId}/suspend': { service: 'gateway', roles: [A] },
  'POST /admin/banks/{bankId}/reinstate': { service: 'gateway', roles: [A] },
  // Guarantors, insurers and valuers that loans may name as co-sharers (docs/domain.md §8.4).
  'POST /admin/cosharers': { service: 'gateway', roles: [A] },
  'GET /admin/cosharers': { service: 'gateway', roles: [A, R] },
  'POST /admin/funds': { service: 'pool-allocation', roles: [A], upstreamPath: '/funds' },
  'POST /admin/clock': { service: 'gateway', roles: [A] },
  'GET /clock': { service: 'gateway', roles: [A, B, F, R, C] },
  'GET /admin/audit': { service: 'gateway', roles: [A, R] },

  'POST /loans': { service: 'loan-registry', roles: [B] },
  'POST /loans/bulk': { service: 'loan-registry', roles: [B] },
  'GET /loans': { service: 'loan-registry', roles: [B, R] },
  'GET /loans/{loanId}': { service: 'loan-registry', roles: [B, R] },
  'POST /loans/{loanId}/repayments': { service: 'loan-registry', roles: [B] },

  'POST /loans/{loanId}/defaults': { service: 'default-events', roles: [B] },
  'POST /defaults/bulk': { service: 'default-events', roles: [B] },
  'POST /loans/{loanId}/cures': { service: 'default-events', roles: [B] },
  'POST /loans/{loanId}/recoveries': { service: 'default-events', roles: [B] },
  'POST /loans/{loanId}/write-off': { service: 'default-events', roles: [B] },
  // docs/domain.md §8.5: the bank declares recovery finished; the waiting claim opens.
  'POST /loans/{loanId}/recovery-closed': { service: 'default-events', roles: [B] },
  // The loan's bank, the regulator, and the managers of the funds its claims have a share in.
  'GET /loans/{loanId}/defaults': { service: 'default-events', roles: [B, F, R] },

  'POST /policies': { service: 'pool-allocation', roles: [F] },
  // Banks read the published terms their loans fall under.
  'GET /policies': { service: 'pool-allocation', roles: [B, F, R] },
  // Funds have no bank rows; admin reads the funds it created.
  'GET /funds': { service: 'pool-allocation', roles: [A, F, R] },
  'POST /funds/{fundId}/deposits': { service: 'pool-allocation', roles: [F] },
  // A co-sharer reads only the claims naming it among their co-sharers.
  'GET /claims': { service: 'pool-allocation', roles: [B, F, R, C] },
  'GET /claims/{claimId}': { service: 'pool-allocation', roles: [B, F, R, C] },
  'POST /claims/{claimId}/decisions': { service: 'pool-allocation', roles: [F] },
  'POST /claims/decisions': { service: 'pool-allocation', roles: [F] },
  'POST /claims/{claimId}/lift-deferral': { service: 'pool-allocation', roles: [F] },

  'POST /remittances': { service: 'settlement', roles: [B] },
  'GET /remittances': { service: 'settlement', roles: [B, F, R] },
  'GET /payouts': { service: 'settlement', roles: [B, F, R] },
  'GET /payouts/{payoutId}': { service: 'settlement', roles: [B, F, R] },
  'GET /owed': { service: 'settlement', roles: [B, F, R] },
  // docs/domain.md §8.4: what a lender and its co-sharers owe each other, and its settlement.
  'POST /cosharer-settlements': { service: 'settlement', roles: [B, C] },
  'GET /cosharer-obligations': { service: 'settlement', roles: [B, R, C] },

  'GET /ledger/entries': { service: 'ledger', roles: [B, F, R] },
  'GET /ledger/entries/{seq}/proof': { service: 'ledger', roles: [B, F, R] },
  'GET /ledger/checkpoints': { service: 'ledger', roles: [B, F, R] },
  'GET /ledger/checkpoints/consistency': { service: 'ledger', roles: [B, F, R] },
  'GET /ledger/public-key': { service: 'ledger', roles: [B, F, R] },
  'GET /ledger/balances': { service: 'ledger', roles: [B, F, R] },
  // The whole journal: it cannot be cut to one bank's rows and still verify (docs/adr/0008).
  'GET /ledger/export': { service: 'ledger', roles: [R] },
  'GET /ledger/reconciliation': { service: 'ledger', roles: [A, R] },
  'GET /reports/funds': { service: 'ledger', roles: [F, R] },
  'GET /reports/banks': { service: 'ledger', roles: [B, R] },
  'GET /reports/loans/{loanId}': { service: 'ledger', roles: [B, F, R] },
  // Statements (docs/domain.md §10): a bank its own, a fund manager its fund's, the regulator all.
  'GET /statements': { service: 'ledger', roles: [B, F, R] },
  'GET /statements/{statementId}': { service: 'ledger', roles: [B, F, R] },
  'GET /statements/{statementId}/files/{format}': { service: 'ledger', roles: [B, F, R] },
  'POST /admin/statements': { service: 'ledger', roles: [A], upstreamPath: '/statements' },

  // Interest subsidy (docs/domain.md §9): funds of their own, bank interest reports, rounds.
  'POST /admin/subsidy-funds': { service: 'subsidy', roles: [A], upstreamPath: '/subsidy/funds' },
  'GET /subsidy/funds': { service: 'subsidy', roles: [A, F, R] },
  'POST /subsidy/funds/{fundId}/deposits': { service: 'subsidy', roles: [F] },
  'POST /subsidy/interest-reports': { service: 'subsidy', roles: [B] },
  'POST /subsidy/interest-reports/bulk': { service: 'subsidy', roles: [B] },
  'GET /subsidy/interest-reports': { service: 'subsidy', roles: [B, F, R] },
  'GET /subsidy/interest-reports/{reportId}': { service: 'subsidy', roles: [B, F, R] },
  'POST /subsidy/rounds': { service: 'subsidy', roles: [F] },
  'GET /subsidy/rounds': { service: 'subsidy', roles: [B, F, R] },
  'GET /subsidy/rounds/{roundId}': { service: 'subsidy', roles: [B, F, R] },
  'POST /subsidy/rounds/{roundId}/close': { service: 'subsidy', roles: [F] },
  'POST /subsidy/rounds/{roundId}/decisions': { service: 'subsidy', roles: [F] },
  'GET /subsidy/grants': { service: 'subsidy', roles: [B, F, R] },
} as const satisfies Record<string, PublicRouteAccess>;

/** `'METHOD /path'`, e.g. `'GET /loans/{loanId}'`. */
export type PublicRouteKey = keyof typeof PUBLIC_ROUTES;

export interface PublicRouteEntry extends PublicRouteAccess {
  readonly key: PublicRouteKey;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Public path after `/api/v1`. */
  readonly path: string;
}

/** The table as a list, in declaration order. */
export function publicRoutes(): readonly PublicRouteEntry[] {
  return (Object.keys(PUBLIC_ROUTES) as PublicRouteKey[]).map((key) => publicRoute(key));
}

export function publicRoute(key: PublicRouteKey): PublicRouteEntry {
  const access: PublicRouteAccess = PUBLIC_ROUTES[key];
  const space = key.indexOf(' ');
  return {
    key,
    method: key.slice(0, space) as PublicRouteEntry['method'],
    path: key.slice(space + 1),
    ...access,
  };
}
