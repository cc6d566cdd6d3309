import { Body, Controller, Param } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import {
  ApiFen,
  CurrentIdentity,
  FieldError,
  IsFen,
  Problems,
  PublicWrite,
} from '@riskpool/service-kit';
import { writeContextOf } from '../../../shared/pool-context';
import { ClaimDetailView } from '../../queries/claim-view';
import { Decision, DecideClaimHandler } from './decide-claim.handler';

export class DecisionDto {
  @ApiProperty({ enum: ['APPROVE', 'DENY', 'ADJUST'], example: 'APPROVE' })
  @IsIn(['APPROVE', 'DENY', 'ADJUST'])
  decision!: Decision;

  // No examples on reason and newBasisFen: the document's example is a bare APPROVE, which
  // takes neither (decisionFieldErrors).
  @ApiPropertyOptional({ maxLength: 2000, description: 'Required to DENY or ADJUST' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiFen({
    required: false,
    example: undefined,
    description: 'The new basis (fen); ADJUST only, required there',
  })
  @IsOptional()
  @IsFen({ positive: true })
  newBasisFen?: string;
}

/** The reason and amount each decision needs (400 with every missing field). */
export function decisionFieldErrors(body: DecisionDto): FieldError[] {
  const errors: FieldError[] = [];
  const hasReason = body.reason !== undefined && body.reason.trim().length > 0;
  if ((body.decision === 'DENY' || body.decision === 'ADJUST') && !hasReason)
    errors.push({
      field: 'reason',
      code: 'required',
      message: `a ${body.decision} decision needs a reason`,
    });
  if (body.decision === 'ADJUST' && body.newBasisFen === undefined)
    errors.push({ field: 'newBasisFen', code: 'required', message: 'ADJUST needs newBasisFen' });
  if (body.decision !== 'ADJUST' && body.newBasisFen !== undefined)
    errors.push({
      field: 'newBasisFen',
      code: 'not_allowed',
      message: 'newBasisFen belongs to ADJUST only',
    });
  return errors;
}

@ApiTags('claims')
@Controller()
export class DecideClaimController {
  constructor(private readonly handler: DecideClaimHandler) {}

  @PublicWrite(
    'POST /claims/{claimId}/decisions',
    {
      operationId: 'decideClaim',
      summary: 'Approve, deny (reason) or adjust the basis (reason, newBasisFen) of a claim',
      description:
        'By a manager of a fund in the claim’s split. Each fund approves once; the claim is approved when every fund has. A refusal by the claim’s state is 409 with the reason.',
    },
    { ok: { type: ClaimDetailView, description: 'The claim after the decision' } },
    409,
    422,
  )
  async decide(
    @Param('claimId') claimId: string,
    @Body() body: DecisionDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<ClaimDetailView> {
    const errors = decisionFieldErrors(body);
    if (errors.length > 0) throw Problems.invalid(errors);
    const ctx = writeContextOf(identity);
    return this.handler.execute(ctx, {
      claimId,
      fundId: identity.scope ?? '',
      decision: body.decision,
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(body.newBasisFen !== undefined ? { newBasisFen: BigInt(body.newBasisFen) } : {}),
    });
  }
}
