import { createEvent, Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ProblemException, Problems } from '@riskpool/service-kit';
import { matchRemittance } from '../../domain/owed-matching';
import { RemittanceRepository } from '../../persistence/remittance.repository';
import { RecordRemittanceDto } from './record-remittance.dto';
import { SchemaHandler } from '../../../shared/schema-handler';

export interface RemittanceAnswer {
  readonly remittanceId: string;
  readonly bankId: string;
  readonly fundId: string;
  readonly claimId: string | null;
  readonly amountFen: string;
  readonly matchedFen: string;
  readonly overpaidFen: string;
  /** What the bank still owes this fund (in scope: the named claim, or all) after this remittance. */
  readonly outstandingAfterFen: string;
  readonly matched: ReadonlyArray<{
    recoveryId: string;
    claimId: string;
    loanId: string;
    amountFen: string;
    outstandingAfterFen: string;
  }>;
  readonly receivedOn: string;
}

/**
 * A bank reports money it remitted to a fund: matched to what it owes that fund, oldest due
 * first (or only the named claim's), with the overpayment and what stays outstanding visible.
 */
export class RecordRemittanceHandler extends SchemaHandler {
  private readonly repository = new RemittanceRepository(this.schema);

  async handle(
    uow: UnitOfWork,
    identity: Identity,
    body: RecordRemittanceDto,
  ): Promise<RemittanceAnswer> {
    const bankId = identity.scope ?? '';
    if (body.bankId !== undefined && body.bankId !== bankId)
      throw Problems.forbidden(
        `bank ${bankId} may not report a remittance for bank ${body.bankId}`,
      );
    if (body.claimId !== undefined) {
      const banks = await this.repository.claimBanks(uow.manager, body.claimId);
      if (banks.length === 0)
        throw Problems.unprocessable(
          'REMITTANCE.NOTHING_OWED_ON_CLAIM',
          `nothing was ever owed on claim ${body.claimId}`,
          [{ field: 'claimId', code: 'unknown', message: 'no recovery was shared on this claim' }],
        );
      if (!banks.includes(bankId))
        throw Problems.forbidden(`claim ${body.claimId} is not bank ${bankId}'s`);
    }
    await this.lock(uow, 'remit', bankId, body.fundId);
    const amountFen = BigInt(body.amountFen);
    const open = await this.repository.openOwed(uow.manager, {
      bankId,
      fundId: body.fundId,
      ...(body.claimId !== undefined ? { claimId: body.claimId } : {}),
    });
    const { allocations, matchedFen, overpaidFen } = matchRemittance(open, amountFen);
    const remittanceId = uuidv7();
    await this.repository.insertRemittance(uow.manager, {
      remittanceId,
      bankId,
      fundId: body.fundId,
      claimId: body.claimId,
      amountFen,
      matchedFen,
      overpaidFen,
      receivedOn: identity.businessDate,
      receivedBy: identity.keyId,
      allocations,
    });
    const byId = new Map(open.map((o) => [o.owedId, o.row]));
    const matched = allocations.map((a) => {
      const row = byId.get(a.owedId);
      if (row === undefined) throw new ProblemException(500, 'SERVER.ERROR', 'lost an owed row');
      return {
        recoveryId: row.recoveryId,
        claimId: row.claimId,
        loanId: row.loanId,
        amountFen: a.amountFen.toString(),
        outstandingAfterFen: (row.outstandingFen - a.amountFen).toString(),
      };
    });
    const outstandingBefore = open.reduce((sum, o) => sum + o.outstandingFen, 0n);
    uow.publish(
      createEvent({
        topic: Topics.remittanceReceived,
        source: 'settlement',
        subject: body.fundId,
        data: {
          remittanceId,
          bankId,
          fundId: body.fundId,
          amountFen: body.amountFen,
          matched: matched.map(({ recoveryId, claimId, loanId, amountFen: fen }) => ({
            recoveryId,
            claimId,
            loanId,
            amountFen: fen,
          })),
          overpaidFen: overpaidFen.toString(),
          ...(body.claimId !== undefined ? { claimId: body.claimId } : {}),
          receivedOn: identity.businessDate,
        },
      }),
    );
    return {
      remittanceId,
      bankId,
      fundId: body.fundId,
      claimId: body.claimId ?? null,
      amountFen: body.amountFen,
      matchedFen: matchedFen.toString(),
      overpaidFen: overpaidFen.toString(),
      outstandingAfterFen: (outstandingBefore - matchedFen).toString(),
      matched,
      receivedOn: identity.businessDate,
    };
  }
}
