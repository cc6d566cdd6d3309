// This service's integration suites: the shared harness of libs/testing, with identities signed
// for this service by the test gateway key (libs/testing identity-keys).
import { Topics } from '@riskpool/contracts';
import { RunningService, startService } from '@riskpool/service-kit';
import {
  serviceCalls,
  ServiceSuite,
  useServiceSuite,
  UpstreamEvents,
  waitForRow,
} from '@riskpool/testing';
import { DefaultEventsConfig } from '../src/config/default-events.config';
import { defaultEventsDefinition } from '../src/default-events.service-definition';

export const { TARGET, call, upstreamEvents } = serviceCalls('default-events');

export type DefaultEventsSuite = ServiceSuite<RunningService<DefaultEventsConfig>>;

/**
 * The service (with `env` added to its test settings), a reader of `topics` and the test policies,
 * for the enclosing file: started before its tests, stopped after them.
 */
export const useDefaultEvents = (
  topics: string[],
  env: Record<string, string> = {},
): DefaultEventsSuite =>
  useServiceSuite(TARGET, (e) => startService(defaultEventsDefinition, e), topics, env);

/** A default report's body: 800000 fen outstanding, 95 days past due since 2026-02-20. */
export const reportBody = (overrides: Record<string, unknown> = {}) => ({
  outstandingAtDefaultFen: '800000',
  daysPastDue: 95,
  reachedMinDaysPastDueOn: '2026-02-20',
  ...overrides,
});

export async function outboxCount(service: DefaultEventsSuite['service']): Promise<number> {
  const rows = (await service.dataSource.query(
    `SELECT count(*)::int AS n FROM "default_events".outbox`,
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? -1;
}

/** Waits until the service has projected `loans` loans named `${loanPrefix}-…` and policy `versionId`. */
export async function waitForLoansAndPolicy(
  service: DefaultEventsSuite['service'],
  loanPrefix: string,
  versionId: string,
  loans: number,
): Promise<void> {
  await waitForRow<{ loans: number; policies: number }>(
    service,
    'projections',
    `SELECT (SELECT count(*) FROM "default_events".loans WHERE loan_id LIKE $1)::int AS loans,
              (SELECT count(*) FROM "default_events".policies WHERE version_id = $2)::int AS policies`,
    [`${loanPrefix}-%`, versionId],
    (r) => r.loans === loans && r.policies === 1,
  );
}

/** A loan of 10,000.00 yuan at 400 bp registered under `policyVersionId` (its economic terms). */
export async function loanUnder(
  upstream: UpstreamEvents,
  loan: { loanId: string; bankId: string; policyVersionId: string },
): Promise<void> {
  await upstream.send(Topics.loanRegistered, loan.loanId, {
    loanId: loan.loanId,
    bankId: loan.bankId,
    bankReference: `REF-${loan.loanId}`,
    enterprise: {
      uscc: '91350100M000100Y43',
      name: 'Zhongshan IP Co.',
      townCode: 'GUZHEN',
      qualifications: ['SRDI'],
    },
    principalFen: '1000000',
    annualRateBp: 400,
    disbursementDate: '2025-06-01',
    maturityDate: '2027-06-01',
    termMonths: 24,
    flags: [],
    registrationDate: '2026-01-05',
    policyVersionId: loan.policyVersionId,
    registeredAt: new Date().toISOString(),
  });
}
