import { Injectable } from '@nestjs/common';
import { createEvent, Identity, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { admittedInstitutionKinds, policyInForce, proceduralTerms } from '@riskpool/domain';
import { ProblemException, Problems } from '@riskpool/service-kit';
import { BankRepository, BankView, InstitutionKind } from '../../persistence/bank.repository';
import { PolicyRepository, SERVICE_NAME } from '../../deps';

export interface AdmitBankCommand {
  readonly bankId: string;
  readonly name: string;
  readonly quotaFen: string;
  /** docs/domain.md §8.1; BANK when not given. */
  readonly kind: InstitutionKind;
}

/**
 * Admits a partner (a bank, or a MICROLOAN or LEASING company: docs/domain.md §8.1) with its quota
 * and announces it (pool.bank-admitted.v1; `kind` only when not BANK, so a bank's event is as it
 * always was).
 */
@Injectable()
export class AdmitBankHandler {
  constructor(
    private readonly banks: BankRepository,
    private readonly policies: PolicyRepository,
  ) {}

  async execute(command: AdmitBankCommand, by: Identity, uow: UnitOfWork): Promise<BankView> {
    // docs/domain.md §8.1: a kind the policy in force does not list cannot be admitted (before any
    // policy is known, only banks: the default).
    const policy = policyInForce(await this.policies.all(uow.manager), by.businessDate);
    const admitted =
      policy === undefined ? ['BANK'] : admittedInstitutionKinds(proceduralTerms(policy));
    if (!admitted.includes(command.kind))
      throw new ProblemException(
        422,
        'BANK.KIND_NOT_ADMITTED',
        'Request refused by the rules',
        `The policy in force on ${by.businessDate}${policy === undefined ? ' (none yet: banks only)' : ` (${policy.versionId})`} admits ${admitted.join(', ')}, not ${command.kind}.`,
        [
          {
            field: 'kind',
            code: 'INSTITUTION_KIND_NOT_ADMITTED',
            message: `admitted: ${admitted.join(', ')}`,
          },
        ],
      );
    const at = new Date();
    const bank = await this.banks.insert(uow.manager, { ...command, at });
    if (bank === undefined)
      throw Problems.conflict(
        'BANK.ALREADY_ADMITTED',
        `Bank ${command.bankId} was admitted before.`,
        [{ field: 'bankId', code: 'exists', message: 'already admitted' }],
      );
    uow.publish(
      createEvent({
        topic: Topics.bankAdmitted,
        source: SERVICE_NAME,
        subject: bank.bankId,
        correlationId: by.requestId,
        data: {
          bankId: bank.bankId,
          name: bank.name,
          quotaFen: bank.quotaFen,
          admittedAt: bank.admittedAt,
          ...(bank.kind === 'BANK' ? {} : { kind: bank.kind }),
        },
      }),
    );
    return bank;
  }
}
