import { Controller, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Identity, policyDocumentOf } from '@riskpool/contracts';
import { effectiveWindows, policyInForce } from '@riskpool/domain';
import {
  CurrentIdentity,
  pageOfList,
  PageQuery,
  pageRequest,
  PublicRead,
  SERVICE_SCHEMA,
} from '@riskpool/service-kit';
import { allPolicies } from '../persistence/policy.repository';
import { PolicyPageView } from '../policy-document.dto';

/** Published versions, oldest start first. Every role may read the rules. */
@ApiTags('policies')
@Controller()
export class ListPoliciesController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @PublicRead(
    'GET /policies',
    {
      operationId: 'listPolicies',
      summary: 'Policy versions, oldest start first, with the one in force today',
      description:
        'Each in the form `POST /policies` takes, with who published it and when it actually governs. Paged (`cursor`, `limit` 1..500, default 50).',
    },
    { type: PolicyPageView, description: 'A page of policy versions' },
  )
  async list(
    @CurrentIdentity() identity: Identity,
    @Query() query: PageQuery,
  ): Promise<PolicyPageView> {
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
          ...policyDocumentOf(p.policy),
          publishedBy: p.publishedBy,
          publishedAt: p.publishedAt,
          governs: { from: w.from, to: w.to ?? null },
        };
      }),
      nextCursor,
    };
  }
}
