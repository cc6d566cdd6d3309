import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page, pageOf, PageQuery, pageRequest } from '@riskpool/service-kit';
import { GatewayRoute } from '../../auth/api-key.guard';
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
    const page = pageRequest(query);
    const rows = await this.banks.list(this.dataSource.manager, page.limit + 1, page.after);
    return pageOf(
      rows,
      page,
      (b) => b,
      (b) => b.bankId,
    );
  }
}
