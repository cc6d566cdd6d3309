import { Controller, Inject, Param, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import { ClaimStatus } from '@riskpool/domain';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  CurrentIdentity,
  inReadScope,
  Page,
  PageKeys,
  PageQuery,
  Problems,
  PublicList,
  PublicRead,
  readPage,
  readScopeOf,
  SERVICE_SCHEMA,
} from '@riskpool/service-kit';
import { claimParts, ClaimRow, findClaim, listClaims } from '../persistence/claim.repository';
import { coSharerSharesOf } from '../shared-claim';
import { claimDetail, ClaimDetailView, claimSummary, ClaimSummaryView } from './claim-view';

const STATUSES: readonly ClaimStatus[] = ['OPEN', 'DEFERRED', 'APPROVED', 'DENIED', 'WITHDRAWN'];

export class ListClaimsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only the claims in this status' })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be ${STATUSES.join('|')}` })
  status?: ClaimStatus;

  /** Only the claims of this loan id. */
  @ApiPropertyOptional({ maxLength: 128, description: 'Only the claims of this loan' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  loan?: string;
}

@ApiTags('claims')
@Controller()
export class ClaimsQueryController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  private get tx() {
    return { manager: this.dataSource.manager, schema: this.schema };
  }

  @PublicList(
    'GET /claims',
    {
      operationId: 'listClaims',
      summary: 'Claims in arrival order, in the caller’s scope',
      description:
        'A bank reads its own claims, a fund manager those with a share of its fund, a co-sharer those naming it, the regulator all. Paged (`cursor`, `limit` 1..500, default 50); `loan` follows a default to its claim.',
    },
    ClaimSummaryView,
    'A page of claims',
  )
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: ListClaimsQuery,
  ): Promise<Page<ClaimSummaryView>> {
    return readPage(
      query,
      PageKeys.seq,
      ({ after, rows }) =>
        listClaims(this.tx, {
          ...readScopeOf(identity),
          ...(query.status !== undefined ? { status: query.status } : {}),
          ...(query.loan !== undefined ? { loanId: query.loan } : {}),
          ...(after !== undefined ? { afterClaimNo: after } : {}),
          limit: rows,
        }),
      (c) => String(c.claimNo),
      async (claims) => {
        const parts = await claimParts(
          this.tx,
          claims.map((c) => c.claimId),
        );
        return claims.map((c) => claimSummary(c, parts));
      },
    );
  }

  @PublicRead(
    'GET /claims/{claimId}',
    {
      operationId: 'getClaim',
      summary: 'A claim: loan, basis, rate, caps, split, holds, queue, payouts, approvals, history',
      description: 'Outside the caller’s scope a claim answers 404, like an unknown one.',
    },
    { type: ClaimDetailView, description: 'The claim' },
  )
  async get(
    @Param('claimId') claimId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<ClaimDetailView> {
    const claim = await findClaim(this.tx, { claimId: claimId });
    if (claim === undefined) throw Problems.notFound(`claim ${claimId}`);
    await this.assertVisible(identity, claim);
    return claimDetail(this.tx, claim);
  }

  /** Another bank's claim, or one outside the manager's fund, answers 404 as if it did not exist. */
  private async assertVisible(identity: Identity, claim: ClaimRow): Promise<void> {
    const scope = readScopeOf(identity);
    // The claim's fund shares are read only for a fund manager.
    const parts = scope.fundId !== undefined ? await claimParts(this.tx, [claim.claimId]) : [];
    const visible = inReadScope(scope, {
      bankId: claim.bankId,
      fundIds: parts.map((p) => p.fundId),
      partyIds: coSharerSharesOf(claim).map((c) => c.partyId),
    });
    if (!visible) throw Problems.notFound(`claim ${claim.claimId}`);
  }
}
