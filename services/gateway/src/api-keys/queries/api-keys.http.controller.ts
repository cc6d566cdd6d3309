import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Page, PageQuery, PublicList, readStorePage } from '@riskpool/service-kit';
import { GatewayRoute } from '../../auth/api-key.guard';
import { ApiKeyRepository, apiKeyView, ApiKeyView } from '../persistence/api-key.repository';

@ApiTags('admin')
@Controller('api/v1/admin/api-keys')
export class ApiKeysHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
  ) {}

  /** Newest first; never a secret or its hash. */
  @Get()
  @PublicList(
    GatewayRoute('GET /admin/api-keys'),
    {
      operationId: 'listApiKeys',
      summary: 'List API keys (never their secrets), newest first',
    },
    ApiKeyView,
    'A page of keys',
  )
  async list(@Query() query: PageQuery): Promise<Page<ApiKeyView>> {
    return readStorePage(
      query,
      this.dataSource.manager,
      this.keys,
      (row) => row.keyId,
      (rows) => rows.map(apiKeyView),
    );
  }
}
