// This service's integration suites: the shared harness of libs/testing, with identities signed
// for this service by the test gateway key (libs/testing identity-keys).
import { RunningService, startService } from '@riskpool/service-kit';
import {
  directLoanBody,
  serviceCalls,
  ServiceSuite,
  startServiceSuite,
  UpstreamEvents,
} from '@riskpool/testing';
import { LoanRegistryConfig } from '../src/config/loan-registry.config';
import { loanRegistryDefinition } from '../src/loan-registry.service-definition';

export const { TARGET, call, upstreamEvents } = serviceCalls('loan-registry');

export const loanBody = directLoanBody;

export type LoanRegistrySuite = ServiceSuite<RunningService<LoanRegistryConfig>>;

/** The service, a reader of `topics`, the test policies published. */
export const startLoanRegistry = (topics: string[]): Promise<LoanRegistrySuite> =>
  startServiceSuite(TARGET, (env) => startService(loanRegistryDefinition, env), topics);

/** The two funds every registration suite needs before a loan can be registered. */
export async function createFunds(upstream: UpstreamEvents): Promise<void> {
  await upstream.fund('CITY', 'CITY');
  await upstream.fund('TOWN:XIAOLAN', 'TOWN', 'XIAOLAN');
}

/** Rows in the outbox (a refused request adds none). */
export async function outboxCount(service: LoanRegistrySuite['service']): Promise<number> {
  const rows = (await service.dataSource.query(
    `SELECT count(*)::int AS n FROM "loan_registry".outbox`,
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? -1;
}
