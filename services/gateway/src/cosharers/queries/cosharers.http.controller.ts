import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Page, PageQuery, PublicList, readStorePage } from '@riskpool/service-kit';
import { GatewayRoute } from '../deps';
import { CoSharerView } from '../cosharer.view';
import { CoSharerRepository } from '../persistence/cosharer.repository';

@ApiTags('admin')
@Controller('api/v1/admin/cosharers')
export class CoSharersHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parties: CoSharerRepository,
  ) {}

  @Get()
  @PublicList(
    GatewayRoute('GET /admin/cosharers'),
    { operationId: 'listCoSharers', summary: 'List admitted co-sharer parties' },
    CoSharerView,
    'A page of co-sharer parties',
  )
  async list(@Query() query: PageQuery): Promise<Page<CoSharerView>> {
    return readStorePage(query, this.dataSource.manager, this.parties, (p) => p.partyId);
  }
}
