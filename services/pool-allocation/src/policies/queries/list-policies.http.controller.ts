import { Controller, Get, Inject, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Identity } from '@riskpool/contracts';
import { effectiveWindows, policyInForce, policyToJson, PolicyVersionJson } from '@riskpool/domain';
import {
  CurrentIdentity,
  pageOfList,
  PageQuery,
  pageRequest,
  SERVICE_SCHEMA,
  PublicRoute,
} from '@riskpool/service-kit';
import { allPolicies } from '../persistence/policy.repository';

export interface PolicyListView {
  /** The version in force on the caller's business date, if any. */
  readonly inForceVersionId: string | null;
  readonly items: ReadonlyArray<
    PolicyVersionJson & {
      publishedBy: string;
      publishedAt: string;
      /** When it actually governs (an open-ended version ends where the next one starts). */
      governs: { from: string; to: string | null };
    }
  >;
  readonly nextCursor: string | null;
}

/** Published versions, oldest start first. Every role may read the rules. */
@Controller('policies')
export class ListPoliciesController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @Get()
  @PublicRoute('GET /policies')
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: PageQuery,
  ): Promise<PolicyListView> {
    const page = pageRequest(query);
    const published = await allPolicies({ manager: this.dataSource.manager, schema: this.schema });
    const versions = published.map((p) => p.policy);
    const { items, nextCursor } = pageOfList(effectiveWindows(versions), page, (w) => w.versionId);
    return {
      inForceVersionId: policyInForce(versions, identity.businessDate)?.versionId ?? null,
      items: items.map((w) => {
        const p = published.find((x) => x.policy.versionId === w.versionId);
        if (p === undefined) throw new Error('window without a version');
        return {
          ...policyToJson(p.policy),
          publishedBy: p.publishedBy,
          publishedAt: p.publishedAt,
          governs: { from: w.from, to: w.to ?? null },
        };
      }),
      nextCursor,
    };
  }
}
