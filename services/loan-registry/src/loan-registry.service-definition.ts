import { policyDocumentsWireFormMigration } from '@riskpool/db';
import { ServiceDefinition, serviceModule } from '@riskpool/service-kit';
import { LoanRegistryConfig } from './config/loan-registry.config';
import { mapDomainError } from './loans/loan-problems';
import { CreditEventsConsumer } from './loans/consumers/credit-events.consumer';
import { RegisterLoanHttpController } from './loans/commands/register-loan/register-loan.http.controller';
import { BULK_ROWS_MAX } from './loans/loan-registry.tokens';
import { RegisterLoansHandler } from './loans/commands/register-loan/register-loans.handler';
import { RepayLoanHandler } from './loans/commands/repay-loan/repay-loan.handler';
import { RepayLoanHttpController } from './loans/commands/repay-loan/repay-loan.http.controller';
import { LoanRepository } from './loans/persistence/loan.repository';
import { LoansHttpController } from './loans/queries/loans.http.controller';
import { LoanRegistryInit1764300000000 } from './migrations/1764300000000-loan-registry-init';
import { LoanRegistryCoSharers1767400000000 } from './migrations/1767400000000-loan-registry-co-sharers';
import { LoanClaim1767500000001 } from './migrations/1767500000001-loan-claim';
import { LoanRegistryProgrammeParties1767600000000 } from './migrations/1767600000000-loan-registry-programme-parties';
import { ProjectionsConsumer } from './loans/projections/consumers/projections.consumer';
import { ProjectionRepository } from './loans/projections/persistence/projection.repository';

export const loanRegistryDefinition: ServiceDefinition<LoanRegistryConfig> = {
  name: 'loan-registry',
  identityTarget: 'loan-registry',
  schema: 'loan_registry',
  configClass: LoanRegistryConfig,
  entities: [],
  migrations: [
    LoanRegistryInit1764300000000,
    LoanRegistryCoSharers1767400000000,
    LoanClaim1767500000001,
    LoanRegistryProgrammeParties1767600000000,
    policyDocumentsWireFormMigration('LoanRegistryPolicyWireForm1768000000000'),
  ],
  module: (deps) =>
    serviceModule('LoanRegistryModule', {
      controllers: [RegisterLoanHttpController, RepayLoanHttpController, LoansHttpController],
      consumers: [CreditEventsConsumer, ProjectionsConsumer],
      providers: [
        { provide: BULK_ROWS_MAX, useValue: deps.config.BULK_ROWS_MAX },
        { provide: LoanRepository, useValue: new LoanRepository() },
        { provide: ProjectionRepository, useValue: new ProjectionRepository() },
        RegisterLoansHandler,
        RepayLoanHandler,
      ],
    }),
  mapDomainError,
  // 10,000 CSV or JSON-lines rows are a few MB.
  bodyLimit: '16mb',
};
