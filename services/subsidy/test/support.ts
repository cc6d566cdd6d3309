// The subsidy service's integration suites: the shared harness of libs/testing, with identities
// signed for this service by the test gateway key (libs/testing identity-keys).
import { Identity, uuidv7 } from '@riskpool/contracts';
import { RunningService, startService } from '@riskpool/service-kit';
import { serviceCalls, ServiceSuite, startServiceSuite } from '@riskpool/testing';
import { SubsidyConfig } from '../src/config/subsidy.config';
import { subsidyDefinition } from '../src/subsidy.service-definition';

export const { TARGET, call, upstreamEvents } = serviceCalls('subsidy');

export type SubsidySuite = ServiceSuite<RunningService<SubsidyConfig>>;

/** The service, a reader of `topics`, the test policies published. */
export const startSubsidy = (topics: string[]): Promise<SubsidySuite> =>
  startServiceSuite(TARGET, (env) => startService(subsidyDefinition, env), topics);

export function identityOf(
  role: Identity['role'],
  scope: string | null,
  businessDate = '2026-04-10',
): Identity {
  return { role, scope, keyId: `key-${role}-${scope ?? ''}`, businessDate, requestId: uuidv7() };
}
