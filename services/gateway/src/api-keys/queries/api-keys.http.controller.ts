import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ApiPageResponse, Page, pageOf, PageQuery, pageRequest } from '@riskpool/service-kit';
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
  @GatewayRoute('GET /admin/api-keys')
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: 'List API keys (never their secrets), newest first',
  })
  @ApiPageResponse(ApiKeyView, 'A page of keys')
  async list(@Query() query: PageQuery): Promise<Page<ApiKeyView>> {
    const page = pageRequest(query);
    const rows = await this.keys.list(this.dataSource.manager, page.limit + 1, page.after);
    return pageOf(rows, page, apiKeyView, (row) => row.keyId);
  }
}
