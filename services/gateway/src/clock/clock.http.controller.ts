import { Body, Controller, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Identity } from '@riskpool/contracts';
import {
  ApiDate,
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  ProblemException,
} from '@riskpool/service-kit';
import { IsBusinessDateString } from './business-date.validator';
import { GatewayRoute } from '../auth/api-key.guard';
import { ClockRepository } from './clock.repository';
import { ClockPublisher } from './clock-publisher';
import { ClockService } from './clock.service';
import { ClockView } from './clock.view';

export class SetClockDto {
  @ApiDate()
  @IsBusinessDateString()
  businessDate!: string;
}

@Controller()
export class ClockHttpController {
  constructor(
    private readonly clock: ClockService,
    private readonly clocks: ClockRepository,
    private readonly publisher: ClockPublisher,
  ) {}

  @GatewayRoute('GET /clock')
  @ApiTags('clock')
  @ApiOperation({
    operationId: 'getClock',
    summary: 'The business date every service uses for this request',
  })
  @ApiOkResponse({ type: ClockView, description: 'The clock' })
  async get(): Promise<ClockView> {
    return this.clock.current();
  }

  /** Demo and test mode only: production runs on the real date. */
  @HttpCode(200)
  @GatewayRoute('POST /admin/clock')
  @ApiTags('admin')
  @ApiOperation({
    operationId: 'setClock',
    summary:
      'Set the business date (demo and test mode only; 403 CLOCK.NOT_SETTABLE in production)',
  })
  @ApiOkResponse({ type: ClockView, description: 'The clock' })
  @IdempotentWrite()
  async set(
    @Body() body: SetClockDto,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ClockView> {
    if (!this.clock.settable)
      throw new ProblemException(
        403,
        'CLOCK.NOT_SETTABLE',
        'Forbidden',
        'The business clock can be set only when RISKPOOL_MODE is demo or test; in production it is the real date (Asia/Shanghai).',
      );
    const setAt = new Date();
    const setBy = `admin:${identity.keyId}`;
    const uow = currentUnitOfWork();
    await this.clocks.set(uow.manager, body.businessDate, setBy, setAt);
    // Announced in the same transaction: the ledger closes statement months on it.
    await this.publisher.announce(uow.manager, body.businessDate, (event) => uow.publish(event));
    this.clock.forget();
    response.once('finish', () => this.clock.forget());
    return {
      businessDate: body.businessDate,
      mode: (await this.clock.current()).mode,
      settable: true,
      source: 'set',
      setAt: setAt.toISOString(),
      setBy,
    };
  }
}
