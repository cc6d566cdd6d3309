import { Injectable } from '@nestjs/common';
import { createEvent, Identity, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Problems } from '@riskpool/service-kit';
import { BankRepository, BankView, InstitutionKind } from '../../persistence/bank.repository';
import { SERVICE_NAME } from '../../deps';

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
  constructor(private readonly banks: BankRepository) {}

  async execute(command: AdmitBankCommand, by: Identity, uow: UnitOfWork): Promise<BankView> {
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
