import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Page, pageOf, PageQuery, pageRequest, PublicList } from '@riskpool/service-kit';
import { GatewayRoute } from '../../auth/api-key.guard';
import { BankView } from '../bank.view';
import { BankRepository } from '../persistence/bank.repository';

@ApiTags('admin')
@Controller('api/v1/admin/banks')
export class BanksHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly banks: BankRepository,
  ) {}

  @Get()
  @PublicList(
    GatewayRoute('GET /admin/banks'),
    { operationId: 'listBanks', summary: 'List admitted banks and their status' },
    BankView,
    'A page of banks',
  )
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
