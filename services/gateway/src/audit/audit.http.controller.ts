import { Controller, Query } from '@nestjs/common';
import { ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Page, PageKeys, PageQuery, PublicList, readPage } from '@riskpool/service-kit';
import { GatewayRoute } from '../auth/api-key.guard';
import { AuditRepository } from './audit.repository';
import { AuditView } from './audit.view';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ pattern: '^[a-z0-9]{1,64}$', description: 'Only this key’s requests.' })
  @IsOptional()
  @Matches(/^[a-z0-9]{1,64}$/, { message: '$property must be a key id' })
  keyId?: string;
}

@ApiTags('admin')
@Controller()
export class AuditHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  /** Newest first; includes everything answered until now (each record precedes its answer). */
  @PublicList(
    GatewayRoute('GET /admin/audit'),
    {
      operationId: 'listAudit',
      summary: 'The audit trail of requests: who did what, newest first',
    },
    AuditView,
    'A page of audit records',
  )
  async list(@Query() query: AuditQuery): Promise<Page<AuditView>> {
    return readPage(
      query,
      PageKeys.seq,
      ({ after, rows }) =>
        this.audit.list(this.dataSource.manager, {
          limit: rows,
          beforeId: after,
          keyId: query.keyId,
        }),
      (r) => r.id,
    );
  }
}
