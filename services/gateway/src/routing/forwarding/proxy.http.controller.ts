import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { ApiKeyRoute } from '../../auth/api-key.guard';
import { GatewayRequest } from '../../auth/gateway-request';
import { FundRepository } from '../../funds/persistence/fund.repository';
import { DataSource } from 'typeorm';
import { Problems } from '@riskpool/service-kit';
import { ProxyService } from './proxy.service';

/**
 * Every `/api/v1/...` route that another service owns. Registered after the gateway's own
 * controllers, so their routes win; the guard has already matched the route table.
 */
// The owning services' own documents describe these routes.
@ApiExcludeController()
@Controller()
export class ProxyHttpController {
  constructor(
    private readonly proxy: ProxyService,
    private readonly funds: FundRepository,
    private readonly dataSource: DataSource,
  ) {}

  @All('api/v1/*path')
  @ApiKeyRoute()
  async forward(@Req() request: GatewayRequest, @Res() response: Response): Promise<void> {
    const match = request.gatewayRoute;
    const identity = request.identity;
    if (match === undefined || identity === undefined || match.route.service === 'gateway')
      throw Problems.notFound(`Route ${request.method} ${request.path}`);
    if (match.route.path === '/admin/funds') {
      // Learn the new fund at once, so a fund-manager key can be made for it right away.
      await this.proxy.forward(request, response, match, identity, {
        onSuccess: async (body) => {
          const fund = JSON.parse(body.toString('utf8')) as {
            fundId?: unknown;
            name?: unknown;
            kind?: unknown;
            townCode?: unknown;
          };
          if (typeof fund.fundId !== 'string') return;
          await this.funds.upsert(this.dataSource.manager, {
            fundId: fund.fundId,
            ...(typeof fund.name === 'string' ? { name: fund.name } : {}),
            ...(typeof fund.kind === 'string' ? { kind: fund.kind } : {}),
            ...(typeof fund.townCode === 'string' ? { townCode: fund.townCode } : {}),
          });
        },
      });
      return;
    }
    await this.proxy.forward(request, response, match, identity);
  }
}
