import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Page, PageQuery, PublicList, readStorePage } from '@riskpool/service-kit';
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
    return readStorePage(query, this.dataSource.manager, this.banks, (b) => b.bankId);
  }
}
