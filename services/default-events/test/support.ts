// This service's integration suites: the shared harness of libs/testing, with identities signed
// for this service by the test gateway key (libs/testing identity-keys).
import { Identity, Topics } from '@riskpool/contracts';
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
export const TARGET = 'default-events';

export const loanBody = directLoanBody;

/** A request as the gateway forwards it: signed identity, and an Idempotency-Key on writes. */
export function call(baseUrl: string, identity: Identity | undefined) {
  return signedCall(baseUrl, identity, TARGET);
}

export function upstreamEvents(): UpstreamEvents {
  return new UpstreamEvents(testInfra().brokers, 'default-events-test');
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
