// Who a key belongs to. The API has no "who am I" route, so the console asks routes that only
// some roles may read (403 for the rest) and reads the scope from what it is shown.
import type { components } from '../api/schema';
import type { ClaimSummary, Fund, Loan } from '../pages/types';
import { Api, ApiError, Page } from './api';

type SubsidyFundList = components['schemas']['SubsidyFundListView'];

export type Role = 'admin' | 'fund-manager' | 'regulator' | 'bank';

export interface Session {
  readonly api: Api;
  readonly role: Role;
  /** fundId of a fund manager, bankId of a bank (when it has loans or claims), else null. */
  readonly scope: string | null;
  /** The CITY fund's manager also publishes policies and lifts deferrals. */
  readonly cityManager: boolean;
}

async function allowed(probe: Promise<unknown>): Promise<boolean> {
  try {
    await probe;
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.problem.status === 403) return false;
    throw error;
  }
}

/** Signs in with `key`: throws ApiError (401 for a wrong key) when the key is refused. */
export async function signIn(key: string): Promise<Session> {
  const api = new Api(key.trim());
  if (await allowed(api.get('/admin/api-keys?limit=1'))) {
    return { api, role: 'admin', scope: null, cityManager: false };
  }
  if (await allowed(api.get('/loans?limit=1'))) {
    const loans = await api.get<Page<Loan>>('/loans?limit=1');
    if (!(await allowed(api.get('/admin/banks?limit=1')))) {
      const claims = await api.get<Page<ClaimSummary>>('/claims?limit=1');
      const bankId = loans.items[0]?.bankId ?? claims.items[0]?.bankId ?? null;
      return { api, role: 'bank', scope: bankId, cityManager: false };
    }
    return { api, role: 'regulator', scope: null, cityManager: false };
  }
  const funds = await api.get<Page<Fund>>('/funds');
  let fundId = funds.items.length === 1 ? (funds.items[0]?.fundId ?? null) : null;
  if (fundId === null) {
    // A subsidy fund's manager (docs/domain.md §9) has no compensation fund: its fund is the one
    // subsidy fund it is shown.
    const subsidy = await api.get<SubsidyFundList>('/subsidy/funds');
    fundId = subsidy.items.length === 1 ? (subsidy.items[0]?.fundId ?? null) : null;
  }
  return { api, role: 'fund-manager', scope: fundId, cityManager: fundId === 'CITY' };
}
