import { createEvent, Identity, Topics, uuidv7 } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { ProblemException, Problems } from '@riskpool/service-kit';
import { matchRemittance } from '../../remittances/domain/owed-matching';
import {
  CosharerObligationRepository,
  ObligationSource,
} from '../persistence/cosharer-obligation.repository';
import { RecordCosharerSettlementDto } from './record-cosharer-settlement.dto';
import { SchemaHandler } from '../../shared/schema-handler';

export interface CosharerSettlementAnswer {
  readonly settlementId: string;
  readonly claimId: string;
  readonly loanId: string;
  readonly bankId: string;
  readonly partyId: string;
  readonly payer: 'COSHARER' | 'LENDER';
  readonly amountFen: string;
  /** What the payer still owes on this claim after this settlement. */
  readonly outstandingAfterFen: string;
  readonly matched: ReadonlyArray<{
    source: ObligationSource;
    sourceRef: string;
    amountFen: string;
    outstandingAfterFen: string;
  }>;
  readonly receivedOn: string;
}

/**
 * The lender or the co-sharer reports money paid between them on one claim: matched to the
 * payer's outstanding obligations there, oldest due first. A payment above what is outstanding is
 * refused whole (422 naming `amountFen`, nothing recorded): these debts have no credit to park an
 * overpayment on, and a lender's debt to a co-sharer is never netted against the co-sharer's.
 * A bank reports on its own claims only; a co-sharer (`cosharer:<partyId>`) on its own share.
 */
export class RecordCosharerSettlementHandler extends SchemaHandler {
  private readonly repository = new CosharerObligationRepository(this.schema);

  async handle(
    uow: UnitOfWork,
    identity: Identity,
    body: RecordCosharerSettlementDto,
  ): Promise<CosharerSettlementAnswer> {
    const parties = await this.repository.claimParties(uow.manager, body.claimId);
    const party = parties.find((p) => p.partyId === body.partyId);
    const own = identity.scope ?? '';
    if (identity.role === 'bank' && parties.length > 0 && parties[0]?.bankId !== own)
      throw Problems.forbidden(`claim ${body.claimId} is not bank ${own}'s`);
    if (identity.role === 'cosharer') {
      if (body.partyId !== own)
        throw Problems.forbidden(`co-sharer ${own} may not report for ${body.partyId}`);
      // A claim it does not share: as if it did not exist.
      if (party === undefined) throw Problems.notFound(`claim ${body.claimId}`);
    }
    if (parties.length === 0)
      throw Problems.unprocessable(
        'COSHARER_SETTLEMENT.NOTHING_OWED_ON_CLAIM',
        `nothing is owed between a lender and a co-sharer on claim ${body.claimId}`,
        [{ field: 'claimId', code: 'unknown', message: 'no co-sharer obligation on this claim' }],
      );
    if (party === undefined)
      throw Problems.unprocessable(
        'COSHARER_SETTLEMENT.NOT_A_COSHARER_OF_CLAIM',
        `${body.partyId} shares nothing on claim ${body.claimId}`,
        [{ field: 'partyId', code: 'unknown', message: 'not a co-sharer of this claim' }],
      );
    await this.lock(uow, 'cosharer-settle', body.claimId, body.partyId, body.payer);
    const open = await this.repository.openObligations(uow.manager, {
      claimId: body.claimId,
      partyId: body.partyId,
      payer: body.payer,
    });
    const amountFen = BigInt(body.amountFen);
    const outstandingBefore = open.reduce((sum, o) => sum + o.outstandingFen, 0n);
    if (amountFen > outstandingBefore)
      throw Problems.unprocessable(
        'COSHARER_SETTLEMENT.ABOVE_OUTSTANDING',
        `${body.payer === 'COSHARER' ? body.partyId : party.bankId} owes ${outstandingBefore} fen on claim ${body.claimId}`,
        [
          {
            field: 'amountFen',
            code: 'above_outstanding',
            message: `at most ${outstandingBefore} fen is outstanding`,
          },
        ],
      );
    const { allocations } = matchRemittance(open, amountFen);
    // Who settled what with whom, as the row, the event and the answer all name it.
    const recorded = {
      settlementId: uuidv7(),
      claimId: body.claimId,
      loanId: party.loanId,
      bankId: party.bankId,
      partyId: body.partyId,
      payer: body.payer,
    };
    await this.repository.insertSettlement(uow.manager, {
      ...recorded,
      amountFen,
      receivedOn: identity.businessDate,
      reportedBy: identity.keyId,
      allocations,
    });
    const byId = new Map(open.map((o) => [o.owedId, o.row]));
    const matched = allocations.map((a) => {
      const row = byId.get(a.owedId);
      if (row === undefined)
        throw new ProblemException(500, 'SERVER.ERROR', 'lost an obligation row');
      return {
        source: row.source,
        sourceRef: row.sourceRef,
        amountFen: a.amountFen.toString(),
        outstandingAfterFen: (row.outstandingFen - a.amountFen).toString(),
      };
    });
    uow.publish(
      createEvent({
        topic: Topics.cosharerSettlementReported,
        source: 'settlement',
        subject: party.loanId,
        correlationId: body.claimId,
        data: {
          ...recorded,
          amountFen: body.amountFen,
          matched: matched.map(({ source, sourceRef, amountFen: fen }) => ({
            source,
            sourceRef,
            amountFen: fen,
          })),
          reportedBy: identity.keyId,
          receivedOn: identity.businessDate,
        },
      }),
    );
    return {
      ...recorded,
      amountFen: body.amountFen,
      outstandingAfterFen: (outstandingBefore - amountFen).toString(),
      matched,
      receivedOn: identity.businessDate,
    };
  }
}
