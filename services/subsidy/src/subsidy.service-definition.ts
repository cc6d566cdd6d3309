import { policyDocumentsWireFormMigration } from '@riskpool/db';
import { ServiceDefinition, serviceModule } from '@riskpool/service-kit';
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

export const subsidyDefinition: ServiceDefinition<SubsidyConfig> = {
  name: 'subsidy',
  schema: 'subsidy',
  configClass: SubsidyConfig,
  entities: [],
  migrations: [
    SubsidyInit1767400000000,
    SubsidyPayments1767800000000,
    policyDocumentsWireFormMigration('SubsidyPolicyWireForm1768000000000'),
  ],
  module: (deps) =>
    serviceModule('SubsidyModule', {
      controllers: [
        SubsidyFundsHttpController,
        InterestReportsHttpController,
        SubsidyRoundsHttpController,
        SubsidyReconciliationController,
      ],
      consumers: [UpstreamEventsConsumer, SubsidyPaymentsConsumer],
      providers: [
        { provide: SubsidyRepository, useValue: new SubsidyRepository() },
        { provide: SUBSIDY_CONFIG, useValue: deps.config },
        SubsidyFundsHandler,
        ReportInterestHandler,
        SubsidyRoundsHandler,
      ],
    }),
  mapDomainError,
};
