import { ClaimStatus, DecisionRefusal } from '@riskpool/domain';
import { ProblemException, Problems } from '@riskpool/service-kit';

/** How a refused decision answers: 403 for who may not decide, 409 (with the reason) for state. */
export function decisionProblem(
  refusal: DecisionRefusal,
  claim: { claimId: string; status: ClaimStatus },
  fundId: string | null,
): ProblemException {
  switch (refusal) {
    case 'NOT_A_MANAGER_OF_A_CLAIM_FUND':
      return Problems.forbidden(
        `fund ${fundId ?? '?'} is not in the split of claim ${claim.claimId}; only a manager of one of its funds may decide`,
      );
    case 'NOT_CITY_FUND_MANAGER':
      return Problems.forbidden('only a fund-manager:CITY may lift a breaker deferral');
    case 'ALREADY_APPROVED':
      return Problems.conflict(
        'CLAIM.ALREADY_APPROVED',
        `fund ${fundId ?? '?'} has already approved claim ${claim.claimId}`,
      );
    case 'CLAIM_DEFERRED':
      return Problems.conflict(
        'CLAIM.DEFERRED',
        `claim ${claim.claimId} is DEFERRED by the NPL breaker: it cannot be approved until a fund-manager:CITY lifts the deferral`,
      );
    case 'CLAIM_NOT_DEFERRED':
      return Problems.conflict(
        'CLAIM.NOT_DEFERRED',
        `claim ${claim.claimId} is ${claim.status}, not DEFERRED`,
      );
    case 'CLAIM_CLOSED':
      return Problems.conflict(
        'CLAIM.CLOSED',
        `claim ${claim.claimId} is ${claim.status}: decisions are only taken while it is OPEN or DEFERRED`,
      );
  }
}
