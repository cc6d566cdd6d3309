import { DynamicModule, INestApplication, Module } from '@nestjs/common';
import { Topics } from '@riskpool/contracts';
import { EventHandlers } from '@riskpool/kafka';
import { ServiceDefinition, ServiceDeps } from '@riskpool/service-kit';
import { SubsidyConfig } from './config/subsidy.config';
import { SubsidyFundsHandler } from './funds/subsidy-funds.handler';
import { SubsidyFundsHttpController } from './funds/subsidy-funds.http.controller';
import { SubsidyInit1767400000000 } from './migrations/1767400000000-subsidy-init';
import { SubsidyPayments1767800000000 } from './migrations/1767800000000-subsidy-payments';
import { SubsidyPaymentsConsumer } from './payments/subsidy-payments.consumer';
import { SubsidyReconciliationController } from './funds/subsidy-reconciliation.http.controller';
import { SubsidyRepository } from './persistence/subsidy.repository';
import { UpstreamEventsConsumer } from './projection/upstream-events.consumer';
import {
  InterestReportsHttpController,
  SUBSIDY_CONFIG,
} from './reports/interest-reports.http.controller';
import { ReportInterestHandler } from './reports/report-interest.handler';
import { SubsidyRoundsHandler } from './rounds/subsidy-rounds.handler';
import { SubsidyRoundsHttpController } from './rounds/subsidy-rounds.http.controller';
import { mapDomainError } from './subsidy-context';

@Module({})
class SubsidyModule {
  static forRoot(deps: ServiceDeps<SubsidyConfig>): DynamicModule {
    return {
      module: SubsidyModule,
      controllers: [
        SubsidyFundsHttpController,
        InterestReportsHttpController,
        SubsidyRoundsHttpController,
        SubsidyReconciliationController,
      ],
      providers: [
        { provide: SubsidyRepository, useValue: new SubsidyRepository() },
        { provide: SUBSIDY_CONFIG, useValue: deps.config },
        SubsidyFundsHandler,
        ReportInterestHandler,
        SubsidyRoundsHandler,
        UpstreamEventsConsumer,
        SubsidyPaymentsConsumer,
      ],
    };
  }
}

function handlers(app: INestApplication): EventHandlers {
  const upstream = app.get(UpstreamEventsConsumer);
  const payments = app.get(SubsidyPaymentsConsumer);
  return {
    [Topics.loanRegistered]: (event, uow) => upstream.loanRegistered(event, uow),
    [Topics.loanRepaid]: (event, uow) => upstream.loanEvent(event, uow),
    [Topics.loanClosed]: (event, uow) => upstream.loanEvent(event, uow),
    [Topics.defaultReported]: (event, uow) => upstream.loanEvent(event, uow),
    [Topics.defaultCured]: (event, uow) => upstream.loanEvent(event, uow),
    [Topics.loanWrittenOff]: (event, uow) => upstream.loanEvent(event, uow),
    [Topics.policyPublished]: (event, uow) => upstream.policyPublished(event, uow),
    [Topics.subsidyPaymentCompleted]: (event, uow) => payments.paymentCompleted(event, uow),
  };
}

export const subsidyDefinition: ServiceDefinition<SubsidyConfig> = {
  name: 'subsidy',
  schema: 'subsidy',
  configClass: SubsidyConfig,
  entities: [],
  migrations: [SubsidyInit1767400000000, SubsidyPayments1767800000000],
  module: (deps) => SubsidyModule.forRoot(deps),
  handlers,
  mapDomainError,
};
