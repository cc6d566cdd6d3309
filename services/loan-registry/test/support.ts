// This service's integration suites: the shared harness of libs/testing, with identities signed
// for this service by the test gateway key (libs/testing identity-keys).
import { Identity } from '@riskpool/contracts';
import { directLoanBody, signedCall, testInfra, UpstreamEvents } from '@riskpool/testing';

export {
  UpstreamEvents,
  bankIdentity,
  newUscc,
  testPolicies,
  TopicReader,
  type SeenEvent,
  eventually as waitFor,
} from '@riskpool/testing';

/** The name identities are addressed to. */
export const TARGET = 'loan-registry';

export const loanBody = directLoanBody;

/** A request as the gateway forwards it: signed identity, and an Idempotency-Key on writes. */
export function call(baseUrl: string, identity: Identity | undefined) {
  return signedCall(baseUrl, identity, TARGET);
}

export function upstreamEvents(): UpstreamEvents {
  return new UpstreamEvents(testInfra().brokers, 'loan-registry-test');
}
