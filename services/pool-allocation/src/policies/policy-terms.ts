import {
  EconomicTerms,
  economicTerms,
  PolicyVersion,
  policyInForce,
  ProceduralTerms,
  proceduralTerms,
} from '@riskpool/domain';
import { Tx } from '../shared/persistence/sql';
import { allPolicies } from './persistence/policy.repository';

export type TermsLookup =
  | { readonly ok: true; readonly economic: EconomicTerms; readonly procedural: ProceduralTerms }
  | { readonly ok: false; readonly reason: string };

/**
 * docs/domain.md §3: economic terms from the version the loan was registered under (the id stored on
 * the loan, or failing that the version in force on its registration date); procedural terms from
 * the version in force on the action date.
 */
export async function termsFor(
  tx: Tx,
  loan: { policyVersionId: string; registrationDate: string },
  actionDate: string,
  fallbackProceduralVersionId?: string,
): Promise<TermsLookup> {
  const versions = (await allPolicies(tx)).map((p) => p.policy);
  const economicVersion =
    versions.find((v) => v.versionId === loan.policyVersionId) ??
    policyInForce(versions, loan.registrationDate);
  if (economicVersion === undefined)
    return { ok: false, reason: `POLICY_UNKNOWN: ${loan.policyVersionId}` };
  const proceduralVersion: PolicyVersion | undefined =
    policyInForce(versions, actionDate) ??
    versions.find((v) => v.versionId === fallbackProceduralVersionId);
  if (proceduralVersion === undefined)
    return { ok: false, reason: `POLICY_NONE_IN_FORCE: ${actionDate}` };
  return {
    ok: true,
    economic: economicTerms(economicVersion),
    procedural: proceduralTerms(proceduralVersion),
  };
}
