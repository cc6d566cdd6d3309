// The subsidy service's integration suites: the shared harness of libs/testing, with identities
// signed for this service by the test gateway key (libs/testing identity-keys).
import { Identity, uuidv7 } from '@riskpool/contracts';
import { signedCall, testInfra, UpstreamEvents } from '@riskpool/testing';

export {
  bankIdentity,
  newUscc,
  testPolicies,
  TopicReader,
  type SeenEvent,
  eventually as waitFor,
} from '@riskpool/testing';

/** The name identities are addressed to. */
export const TARGET = 'subsidy';

/** A request as the gateway forwards it: signed identity, and an Idempotency-Key on writes. */
export function call(baseUrl: string, identity: Identity | undefined) {
  return signedCall(baseUrl, identity, TARGET);
}

export function identityOf(
  role: Identity['role'],
  scope: string | null,
  businessDate = '2026-04-10',
): Identity {
  return { role, scope, keyId: `key-${role}-${scope ?? ''}`, businessDate, requestId: uuidv7() };
}

export function upstreamEvents(): UpstreamEvents {
  return new UpstreamEvents(testInfra().brokers, 'subsidy-test');
}
