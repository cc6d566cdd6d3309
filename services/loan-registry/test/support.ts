// This service's integration suites: the shared harness of libs/testing, bound to the secret the
// suites start the service with.
import { Identity } from '@riskpool/contracts';
import { directLoanBody, signedCall, UpstreamEvents } from '@riskpool/testing';

export {
  UpstreamEvents,
  bankIdentity,
  newUscc,
  testPolicies,
  TopicReader,
  type SeenEvent,
  eventually as waitFor,
} from '@riskpool/testing';

export const SECRET = 'loan-registry-test-secret-0123456789';

export const loanBody = directLoanBody;

/** A request as the gateway forwards it: signed identity, and an Idempotency-Key on writes. */
export function call(baseUrl: string, identity: Identity | undefined) {
  return signedCall(baseUrl, identity, SECRET);
}

export function upstreamEvents(brokers: string[]): UpstreamEvents {
  return new UpstreamEvents(brokers, 'loan-registry-test');
}
