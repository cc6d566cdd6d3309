import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GatewayRoute } from '../../auth/api-key.guard';
import { decodeCursor, Page, pageOf, PageQuery } from '../../shared/paging';
import { ApiKeyRepository, apiKeyView, ApiKeyView } from '../persistence/api-key.repository';

@Controller('api/v1/admin/api-keys')
export class ApiKeysHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
  ) {}

  /** Newest first; never a secret or its hash. */
  @Get()
  @GatewayRoute()
  async list(@Query() query: PageQuery): Promise<Page<ApiKeyView>> {
    const limit = query.limit ?? 50;
    const rows = await this.keys.list(
      this.dataSource.manager,
      limit + 1,
      query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    );
    return pageOf(rows, limit, apiKeyView, (row) => row.keyId);
  }
}
