import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GatewayRoute } from '../../auth/api-key.guard';
import { decodeCursor, Page, pageOf, PageQuery } from '../../shared/paging';
import { BankRepository, BankView } from '../persistence/bank.repository';

@Controller('api/v1/admin/banks')
export class BanksHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly banks: BankRepository,
  ) {}

  @Get()
  @GatewayRoute()
  async list(@Query() query: PageQuery): Promise<Page<BankView>> {
    const limit = query.limit ?? 50;
    const rows = await this.banks.list(
      this.dataSource.manager,
      limit + 1,
      query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    );
    return pageOf(
      rows,
      limit,
      (b) => b,
      (b) => b.bankId,
    );
  }
}
