import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createEvent, Identity, OutgoingEvent, Topics, uuidv7 } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import {
  checkEligibility,
  CoSharerKind,
  coSharerIssues,
  admittedInstitutionKinds,
  compensationRateBp,
  economicTerms,
  EconomicTerms,
  InstitutionKind,
  LoanFlagCode,
  parseFen,
  policyInForce,
  proceduralTerms,
  programmeTerms,
  QualificationCode,
} from '@riskpool/domain';
import { ProblemException, requestContext } from '@riskpool/service-kit';
import { Loan, loanEnterprise } from '../../loan.model';
import {
  bankNotAdmittedProblem,
  coSharerProblem,
  ineligibleProblem,
  noPolicyProblem,
  referenceConflictProblem,
  RegistrationReason,
} from '../../loan-problems';
import { EnterpriseLock, LoanRepository, NewLoan } from '../../persistence/loan.repository';
import { ProjectionRepository } from '../../projections/persistence/projection.repository';
import { RegisterLoanDto } from './register-loan.dto';

export const SERVICE_NAME = 'loan-registry';

export type RegistrationOutcome =
  | { readonly kind: 'registered'; readonly loan: Loan }
  | { readonly kind: 'existing'; readonly loanId: string }
  | { readonly kind: 'refused'; readonly problem: ProblemException };

/** The content a bank reference stands for: a reuse with another content is a conflict. */
export function contentHashOf(dto: RegisterLoanDto): string {
  const canonical = [
    dto.bankReference,
    dto.enterprise.uscc,
    dto.enterprise.name,
    dto.enterprise.townCode,
    [...dto.enterprise.qualifications].sort().join(','),
    dto.principalFen,
    String(dto.annualRateBp),
    dto.disbursementDate,
    dto.maturityDate,
    [...(dto.flags ?? [])].sort().join(','),
    // Only when named, so the hash of a loan without co-sharers is what it always was.
    ...(dto.coSharers === undefined || dto.coSharers.length === 0
      ? []
      : [dto.coSharers.map((c) => `${c.partyId}:${c.kind}:${c.shareBp}`).join(',')]),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * Registers loans for one bank in the caller's transaction (docs/domain.md §4.1). One loan or ten
 * thousand take the same path: the bank's row is locked first (quota), then the enterprises'
 * rows in USCC order (limits), then each loan is checked against the running exposures, so
 * concurrent requests serialise on the bank and on shared enterprises and never both squeeze
 * under a limit that fits one.
 */
@Injectable()
export class RegisterLoansHandler {
  constructor(
    private readonly loans: LoanRepository,
    private readonly projections: ProjectionRepository,
  ) {}

  async register(
    identity: Identity,
    rows: readonly RegisterLoanDto[],
    uow: UnitOfWork,
  ): Promise<RegistrationOutcome[]> {
    const bankId = identity.scope as string;
    const today = identity.businessDate;
    const manager = uow.manager;

    const bank = await this.loans.lockBank(manager, bankId);
    if (bank === undefined || !bank.admitted) {
      const problem = bankNotAdmittedProblem(bankId);
      return rows.map(() => ({ kind: 'refused', problem }));
    }
    const policy = policyInForce(await this.projections.policyStore.policies(manager), today);
    const terms: EconomicTerms | undefined =
      policy === undefined ? undefined : economicTerms(policy);
    // docs/domain.md §8.1: institutionKinds is procedural, the version in force today.
    const admittedKinds =
      policy === undefined ? undefined : admittedInstitutionKinds(proceduralTerms(policy));
    // docs/domain.md §8.4: a loan names only parties an admin admitted, with their admitted kind.
    const admittedParties = await this.projections.coSharers(
      manager,
      rows.flatMap((r) => (r.coSharers ?? []).map((c) => c.partyId)),
    );
    const fundIds = await this.projections.fundIds(manager);
    const known = await this.loans.findByReferences(
      manager,
      bankId,
      rows.map((r) => r.bankReference),
    );
    const enterprises = await this.loans.lockEnterprises(
      manager,
      terms === undefined ? [] : rows.map((r) => r.enterprise.uscc),
    );

    let bankExposure = bank.exposureFen;
    const touched = new Map<string, EnterpriseLock>();
    const created: NewLoan[] = [];
    const events: OutgoingEvent[] = [];
    const registeredAt = new Date().toISOString();
    const outcomes: RegistrationOutcome[] = [];

    for (const row of rows) {
      const contentHash = contentHashOf(row);
      const previous = known.get(row.bankReference);
      if (previous !== undefined) {
        outcomes.push(
          previous.contentHash === contentHash
            ? { kind: 'existing', loanId: previous.loanId }
            : {
                kind: 'refused',
                problem: referenceConflictProblem(row.bankReference, previous.loanId),
              },
        );
        continue;
      }
      if (terms === undefined) {
        outcomes.push({ kind: 'refused', problem: noPolicyProblem(today) });
        continue;
      }
      const principalFen = parseFen(row.principalFen);
      const enterprise = touched.get(row.enterprise.uscc) ??
        enterprises.get(row.enterprise.uscc) ?? {
          uscc: row.enterprise.uscc,
          townCode: null,
          exposureFen: 0n,
        };
      const result = checkEligibility({
        enterprise: {
          uscc: row.enterprise.uscc,
          townCode: row.enterprise.townCode,
          qualifications: row.enterprise.qualifications as QualificationCode[],
          exposureFen: enterprise.exposureFen,
        },
        loan: {
          principalFen,
          disbursementDate: row.disbursementDate,
          maturityDate: row.maturityDate,
        },
        bank: {
          status: bank.status,
          exposureFen: bankExposure,
          quotaFen: bank.quotaFen,
          kind: bank.kind,
        },
        ...(admittedKinds === undefined ? {} : { admittedKinds }),
        existingFundIds: fundIds,
        terms,
      });
      const reasons: RegistrationReason[] = result.eligible ? [] : [...result.reasons];
      if (enterprise.townCode !== null && enterprise.townCode !== row.enterprise.townCode)
        reasons.push({ code: 'ENTERPRISE_TOWN_MISMATCH', townCode: enterprise.townCode });
      if (!result.eligible || reasons.length > 0) {
        outcomes.push({ kind: 'refused', problem: ineligibleProblem(reasons) });
        continue;
      }
      // docs/domain.md §8.4: rate + Σ shareBp ≤ 10000 − minLenderShareBp, co-sharers or not.
      const rate = compensationRateBp(
        terms,
        principalFen,
        (row.flags ?? []) as LoanFlagCode[],
        bank.kind,
      );
      const coSharing = coSharerIssues({
        coSharers: row.coSharers ?? [],
        rateBp: rate.rateBp,
        minLenderShareBp: programmeTerms(terms).minLenderShareBp,
        admittedParties,
      });
      if (coSharing.length > 0) {
        outcomes.push({ kind: 'refused', problem: coSharerProblem(coSharing) });
        continue;
      }

      bankExposure += principalFen;
      touched.set(enterprise.uscc, {
        uscc: enterprise.uscc,
        townCode: enterprise.townCode ?? row.enterprise.townCode,
        exposureFen: enterprise.exposureFen + principalFen,
      });
      const loan: NewLoan = {
        loanId: uuidv7(),
        bankId,
        bankReference: row.bankReference,
        contentHash,
        uscc: row.enterprise.uscc,
        enterpriseName: row.enterprise.name,
        townCode: row.enterprise.townCode,
        qualifications: row.enterprise.qualifications,
        flags: row.flags ?? [],
        principalFen,
        outstandingFen: principalFen,
        exposureFen: principalFen,
        annualRateBp: row.annualRateBp,
        disbursementDate: row.disbursementDate,
        maturityDate: row.maturityDate,
        termMonths: result.termMonths,
        registrationDate: today,
        policyVersionId: result.policyVersionId,
        status: 'REGISTERED',
        defaultId: null,
        outstandingAtDefaultFen: null,
        registeredAt,
        coSharers: (row.coSharers ?? []).map((c) => ({
          partyId: c.partyId,
          kind: c.kind as CoSharerKind,
          shareBp: c.shareBp,
        })),
        claimId: null,
      };
      known.set(row.bankReference, { loanId: loan.loanId, contentHash });
      created.push(loan);
      events.push(this.registeredEvent(loan, bank.kind, identity));
      outcomes.push({ kind: 'registered', loan });
    }

    if (created.length > 0) {
      await this.loans.insertMany(manager, created);
      await this.loans.setBankExposure(manager, bankId, bankExposure);
      await this.loans.setEnterprises(manager, [...touched.values()]);
      uow.publish(...events);
    }
    return outcomes;
  }

  private registeredEvent(loan: NewLoan, kind: InstitutionKind, identity: Identity): OutgoingEvent {
    return createEvent({
      topic: Topics.loanRegistered,
      source: SERVICE_NAME,
      subject: loan.loanId,
      correlationId: requestContext.current()?.correlationId ?? identity.requestId,
      data: {
        loanId: loan.loanId,
        bankId: loan.bankId,
        bankReference: loan.bankReference,
        enterprise: {
          ...loanEnterprise(loan),
          qualifications: loan.qualifications as QualificationCode[],
        },
        principalFen: loan.principalFen.toString(),
        annualRateBp: loan.annualRateBp,
        disbursementDate: loan.disbursementDate,
        maturityDate: loan.maturityDate,
        termMonths: loan.termMonths,
        flags: loan.flags as Array<'IP_PLEDGE'>,
        registrationDate: loan.registrationDate,
        policyVersionId: loan.policyVersionId,
        registeredAt: loan.registeredAt,
        // Only when not a bank, so a bank's loan is announced as it always was.
        ...(kind === 'BANK' ? {} : { institutionKind: kind }),
        ...(loan.coSharers === undefined || loan.coSharers.length === 0
          ? {}
          : { coSharers: loan.coSharers.map((c) => ({ ...c })) }),
      },
    });
  }
}
