// The subsidy service's integration suites: the shared harness of libs/testing, bound to the
// secret the suites start the service with.
import { Identity, uuidv7 } from '@riskpool/contracts';
import { signedCall, UpstreamEvents } from '@riskpool/testing';

export {
  bankIdentity,
  newUscc,
  testPolicies,
  TopicReader,
  type SeenEvent,
  eventually as waitFor,
} from '@riskpool/testing';

export const SECRET = 'subsidy-test-secret-0123456789abcdef';

export function call(baseUrl: string, identity: Identity | undefined) {
  return signedCall(baseUrl, identity, SECRET);
}

export function identityOf(
  role: Identity['role'],
  scope: string | null,
  businessDate = '2026-04-10',
): Identity {
  return { role, scope, keyId: `key-${role}-${scope ?? ''}`, businessDate, requestId: uuidv7() };
}

export function upstreamEvents(brokers: string[]): UpstreamEvents {
  return new UpstreamEvents(brokers, 'subsidy-test');
}
