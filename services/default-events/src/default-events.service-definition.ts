import { policyDocumentsWireFormMigration } from '@riskpool/db';
import { ServiceDefinition, serviceModule } from '@riskpool/service-kit';
import { DefaultEventsConfig } from './config/default-events.config';
import { CreditCommandsHttpController } from './credit/commands/credit-commands.http.controller';
import { CloseRecoveryHandler } from './credit/commands/close-recovery/close-recovery.handler';
import { CureDefaultHandler } from './credit/commands/cure-default/cure-default.handler';
import { ReportDefaultHandler } from './credit/commands/report-default/report-default.handler';
import { ReportDefaultHttpController } from './credit/commands/report-default/report-default.http.controller';
import {
  DEFAULTS_BULK_ROWS_MAX,
  ReportDefaultsBulkHttpController,
} from './credit/commands/report-default/report-defaults-bulk.http.controller';
import { ReportRecoveryHandler } from './credit/commands/report-recovery/report-recovery.handler';
import { WriteOffHandler } from './credit/commands/write-off/write-off.handler';
import { BusinessClockConsumer } from './credit/consumers/business-clock.consumer';
import { UpstreamEventsConsumer } from './credit/consumers/upstream-events.consumer';
import { DefaultHistoryHttpController } from './credit/queries/default-history.http.controller';
import { mapDomainError } from './credit/credit-problems';
import { CreditRepository } from './credit/persistence/credit.repository';
import { DefaultEventsInit1764300000001 } from './migrations/1764300000001-default-events-init';
import { DefaultEventsNetLoss1767400000000 } from './migrations/1767400000000-default-events-net-loss';
import { EpisodeClaimFunds1767500000001 } from './migrations/1767500000001-episode-claim-funds';
import { DefaultEventsRecoveryClosed1767600000000 } from './migrations/1767600000000-default-events-recovery-closed';

export const defaultEventsDefinition: ServiceDefinition<DefaultEventsConfig> = {
  name: 'default-events',
  identityTarget: 'default-events',
  schema: 'default_events',
  configClass: DefaultEventsConfig,
  entities: [],
  migrations: [
    DefaultEventsInit1764300000001,
    DefaultEventsNetLoss1767400000000,
    EpisodeClaimFunds1767500000001,
    DefaultEventsRecoveryClosed1767600000000,
    policyDocumentsWireFormMigration('DefaultEventsPolicyWireForm1768000000000'),
  ],
  module: (deps) =>
    serviceModule('DefaultEventsModule', {
      controllers: [
        ReportDefaultHttpController,
        ReportDefaultsBulkHttpController,
        CreditCommandsHttpController,
        DefaultHistoryHttpController,
      ],
      consumers: [UpstreamEventsConsumer, BusinessClockConsumer],
      providers: [
        { provide: DEFAULTS_BULK_ROWS_MAX, useValue: deps.config.DEFAULTS_BULK_ROWS_MAX },
        { provide: CreditRepository, useValue: new CreditRepository() },
        ReportDefaultHandler,
        CureDefaultHandler,
        ReportRecoveryHandler,
        WriteOffHandler,
        CloseRecoveryHandler,
      ],
    }),
  mapDomainError,
};
