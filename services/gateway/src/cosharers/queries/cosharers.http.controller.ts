import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page, pageOf, PageQuery, pageRequest } from '@riskpool/service-kit';
import { GatewayRoute } from '../deps';
import { CoSharerRepository, CoSharerView } from '../persistence/cosharer.repository';

@Controller('api/v1/admin/cosharers')
export class CoSharersHttpController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly parties: CoSharerRepository,
  ) {}

  @Get()
  @GatewayRoute()
  async list(@Query() query: PageQuery): Promise<Page<CoSharerView>> {
    const page = pageRequest(query);
    const rows = await this.parties.list(this.dataSource.manager, page.limit + 1, page.after);
    return pageOf(
      rows,
      page,
      (p) => p,
      (p) => p.partyId,
    );
  }
}
