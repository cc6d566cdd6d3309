import { Body, Controller } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { Identity, principalOf } from '@riskpool/contracts';
import {
  applyEachInSavepoint,
  BulkAnswerOf,
  BulkItemResultOf,
  countByStatus,
  CurrentIdentity,
  currentUnitOfWork,
  Problems,
  PublicWrite,
  refusalOf,
} from '@riskpool/service-kit';
import { httpContext } from '../../../shared/pool-context';
import { decisionFieldErrors, DecisionDto } from './decide-claim.http.controller';
import { DecideClaimHandler } from './decide-claim.handler';

/** Most decisions one `POST /claims/decisions` takes: an inbox page and then some. */
export const CLAIM_DECISIONS_MAX = 500;

export class ClaimDecisionItem extends DecisionDto {
  @ApiProperty({ example: '0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f' })
  @IsString()
  @Length(1, 128)
  claimId!: string;
}

export class ClaimDecisionsRequest {
  @ApiProperty({
    type: [ClaimDecisionItem],
    minItems: 1,
    maxItems: CLAIM_DECISIONS_MAX,
    description: 'Decided in this order, each by the rules of decideClaim',
    example: [
      { claimId: '0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f', decision: 'APPROVE' },
      {
        claimId: '0195f3b2-5b6c-7d8e-9fa0-1b2c3d4e5f60',
        decision: 'DENY',
        reason: 'Loan was not eligible when disbursed',
      },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CLAIM_DECISIONS_MAX)
  @ValidateNested({ each: true })
  @Type(() => ClaimDecisionItem)
  decisions!: ClaimDecisionItem[];
}

export class ClaimDecisionItemResult extends BulkItemResultOf({
  numberedAs: { name: 'item', description: 'The decision, from 1, as sent' },
  statuses: ['DECIDED', 'REFUSED'],
  statusDescription: 'REFUSED: this decision changed nothing; the others stand',
  fields: {
    claimId: ApiProperty({ example: '0195f3b2-4a5b-7c6d-8e9f-0a1b2c3d4e5f' }),
    claimStatus: ApiPropertyOptional({
      example: 'APPROVED',
      description: "The claim's status after the decision (DECIDED only)",
    }),
    detail: ApiPropertyOptional({ example: 'Not found', description: 'The refusal in words' }),
  },
  refusedCodeExample: 'CLAIM.ALREADY_DECIDED',
}) {}

export class ClaimDecisionsResult extends BulkAnswerOf(ClaimDecisionItemResult, {
  decisions: 1,
  decided: 1,
  refused: 0,
}) {}

@ApiTags('claims')
@Controller()
export class DecideClaimsBulkController {
  constructor(private readonly handler: DecideClaimHandler) {}

  /**
   * A manager's decisions on many claims in one request and one transaction (with the idempotency
   * record and the outbox). Each decision is taken by exactly the rules of the single route, in
   * its own savepoint: a refused one changes nothing and does not stop the others.
   */
  @PublicWrite(
    'POST /claims/decisions',
    {
      operationId: 'decideClaimsBulk',
      summary: 'Approve, deny or adjust up to 500 claims in one request; one result per decision',
    },
    { ok: { type: ClaimDecisionsResult, description: 'One result per decision, in order' } },
    400,
  )
  async decideAll(
    @Body() body: ClaimDecisionsRequest,
    @CurrentIdentity() identity: Identity,
  ): Promise<ClaimDecisionsResult> {
    const uow = currentUnitOfWork();
    const actor = principalOf(identity);
    const outcomes = await applyEachInSavepoint(uow, body.decisions, (decision, itemUow) => {
      const errors = decisionFieldErrors(decision);
      if (errors.length > 0) throw Problems.invalid(errors);
      return this.handler.execute(httpContext(itemUow, actor, identity.businessDate), {
        claimId: decision.claimId,
        fundId: identity.scope ?? '',
        decision: decision.decision,
        ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
        ...(decision.newBasisFen !== undefined
          ? { newBasisFen: BigInt(decision.newBasisFen) }
          : {}),
      });
    });
    const results = outcomes.map((outcome, index) => {
      const item = index + 1;
      const claimId = body.decisions[index]?.claimId ?? '';
      return outcome.ok
        ? { item, claimId, status: 'DECIDED' as const, claimStatus: outcome.value.status }
        : {
            item,
            claimId,
            ...refusalOf(outcome),
            ...(outcome.detail !== undefined ? { detail: outcome.detail } : {}),
          };
    });
    const counts = { decided: 'DECIDED', refused: 'REFUSED' } as const;
    return { decisions: results.length, ...countByStatus(results, counts), results };
  }
}
