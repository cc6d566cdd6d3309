// The subsidy service's integration suites: the shared harness of libs/testing, with identities
// signed for this service by the test gateway key (libs/testing identity-keys).
import { Identity } from '@riskpool/contracts';
import { RunningService, startService } from '@riskpool/service-kit';
import { serviceCalls, ServiceSuite, startServiceSuite, testIdentity } from '@riskpool/testing';
import { SubsidyConfig } from '../src/config/subsidy.config';
import { subsidyDefinition } from '../src/subsidy.service-definition';

export const { TARGET, call, upstreamEvents } = serviceCalls('subsidy');

export type SubsidySuite = ServiceSuite<RunningService<SubsidyConfig>>;

/** The service, a reader of `topics`, the test policies published. */
export const startSubsidy = (topics: string[]): Promise<SubsidySuite> =>
  startServiceSuite(TARGET, (env) => startService(subsidyDefinition, env), topics);

/** testIdentity, on the subsidy suites' business date unless another is named. */
export const identityOf = (
  role: Identity['role'],
  scope: string | null,
  businessDate = '2026-04-10',
) => testIdentity(role, scope, businessDate);
