import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import { ClaimStatus } from '@riskpool/domain';
import { CurrentIdentity, Problems, SERVICE_SCHEMA, PublicRoute } from '@riskpool/service-kit';
import { PoolAllocationConfig } from '../../config/pool-allocation.config';
import { claimParts, ClaimRow, findClaim, listClaims } from '../persistence/claim.repository';
import { claimDetail, ClaimDetailView, claimSummary, ClaimSummaryView } from './claim-view';

export const POOL_CONFIG = Symbol('POOL_CONFIG');

const STATUSES: readonly ClaimStatus[] = ['OPEN', 'DEFERRED', 'APPROVED', 'DENIED', 'WITHDRAWN'];

/** Who may see which claims: a bank its own, a fund manager its fund's, a regulator all. */
export function claimScope(identity: Identity): { bankId?: string; fundId?: string } {
  if (identity.role === 'bank') return { bankId: identity.scope ?? '' };
  if (identity.role === 'fund-manager') return { fundId: identity.scope ?? '' };
  return {};
}

@Controller('claims')
export class ClaimsQueryController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(POOL_CONFIG) private readonly config: PoolAllocationConfig,
  ) {}

  private get tx() {
    return { manager: this.dataSource.manager, schema: this.schema };
  }

  @Get()
  @PublicRoute('GET /claims')
  async list(
    @CurrentIdentity() identity: Identity,
    @Query('status') status?: string,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
  ): Promise<{ items: ClaimSummaryView[]; nextCursor: string | null }> {
    const errors = [];
    if (status !== undefined && !STATUSES.includes(status as ClaimStatus))
      errors.push({
        field: 'status',
        code: 'isIn',
        message: `status must be ${STATUSES.join('|')}`,
      });
    if (after !== undefined && !/^[0-9]{1,15}$/.test(after))
      errors.push({
        field: 'after',
        code: 'cursor',
        message: 'after must be a cursor from nextCursor',
      });
    if (limit !== undefined && !/^[1-9][0-9]{0,3}$/.test(limit))
      errors.push({ field: 'limit', code: 'isInt', message: 'limit must be 1..1000' });
    if (errors.length > 0) throw Problems.invalid(errors);
    const pageSize = Math.min(
      Number(limit ?? this.config.CLAIMS_PAGE_SIZE_MAX),
      this.config.CLAIMS_PAGE_SIZE_MAX,
    );
    const claims = await listClaims(this.tx, {
      ...claimScope(identity),
      ...(status !== undefined ? { status: status as ClaimStatus } : {}),
      ...(after !== undefined ? { afterClaimNo: Number(after) } : {}),
      limit: pageSize,
    });
    const parts = await claimParts(
      this.tx,
      claims.map((c) => c.claimId),
    );
    const last = claims[claims.length - 1];
    return {
      items: claims.map((c) => claimSummary(c, parts)),
      nextCursor: claims.length === pageSize && last !== undefined ? String(last.claimNo) : null,
    };
  }

  @Get(':claimId')
  @PublicRoute('GET /claims/{claimId}')
  async get(
    @Param('claimId') claimId: string,
    @CurrentIdentity() identity: Identity,
  ): Promise<ClaimDetailView> {
    const claim = await findClaim(this.tx, claimId);
    if (claim === undefined) throw Problems.notFound(`claim ${claimId}`);
    await this.assertVisible(identity, claim);
    return claimDetail(this.tx, claim);
  }

  /** Another bank's claim, or one outside the manager's fund, answers 404 as if it did not exist. */
  private async assertVisible(identity: Identity, claim: ClaimRow): Promise<void> {
    const scope = claimScope(identity);
    if (scope.bankId !== undefined && claim.bankId !== scope.bankId)
      throw Problems.notFound(`claim ${claim.claimId}`);
    if (scope.fundId !== undefined) {
      const parts = await claimParts(this.tx, [claim.claimId]);
      if (!parts.some((p) => p.fundId === scope.fundId))
        throw Problems.notFound(`claim ${claim.claimId}`);
    }
  }
}
