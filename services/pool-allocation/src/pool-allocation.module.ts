import { DynamicModule } from '@nestjs/common';
import { serviceModule } from '@riskpool/service-kit';
import { ApplyRecoveryHandler } from './claims/commands/apply-recovery/apply-recovery.handler';
import { ApplySettlementHandler } from './claims/commands/apply-settlement/apply-settlement.handler';
import { DecideClaimHandler } from './claims/commands/decide-claim/decide-claim.handler';
import { DecideClaimController } from './claims/commands/decide-claim/decide-claim.http.controller';
import { DecideClaimsBulkController } from './claims/commands/decide-claim/decide-claims-bulk.http.controller';
import { LiftDeferralHandler } from './claims/commands/lift-deferral/lift-deferral.handler';
import { LiftDeferralController } from './claims/commands/lift-deferral/lift-deferral.http.controller';
import { OpenClaimHandler } from './claims/commands/open-claim/open-claim.handler';
import { WithdrawOnCureHandler } from './claims/commands/withdraw-on-cure/withdraw-on-cure.handler';
import { CreditEventsConsumer } from './claims/consumers/credit-events.consumer';
import { SettlementEventsConsumer } from './claims/consumers/settlement-events.consumer';
import { ClaimsQueryController } from './claims/queries/claims.http.controller';
import { CreateFundHandler } from './funds/commands/create-fund/create-fund.handler';
import { CreateFundController } from './funds/commands/create-fund/create-fund.http.controller';
import { DepositHandler } from './funds/commands/deposit/deposit.handler';
import { DepositController } from './funds/commands/deposit/deposit.http.controller';
import {
  ListFundsController,
  ReconciliationFundsController,
} from './funds/queries/list-funds.http.controller';
import { ProjectLoanHandler } from './loans/commands/project-loan/project-loan.handler';
import { LoanEventsConsumer } from './loans/consumers/loan-events.consumer';
import { PublishPolicyHandler } from './policies/commands/publish-policy/publish-policy.handler';
import { PublishPolicyController } from './policies/commands/publish-policy/publish-policy.http.controller';
import { ListPoliciesController } from './policies/queries/list-policies.http.controller';

/** pool-allocation's controllers, consumers and use cases. */
export function poolAllocationModule(): DynamicModule {
  return serviceModule('PoolAllocationModule', {
    controllers: [
      CreateFundController,
      DepositController,
      ListFundsController,
      ReconciliationFundsController,
      PublishPolicyController,
      ListPoliciesController,
      DecideClaimController,
      DecideClaimsBulkController,
      LiftDeferralController,
      ClaimsQueryController,
    ],
    consumers: [LoanEventsConsumer, CreditEventsConsumer, SettlementEventsConsumer],
    providers: [
      CreateFundHandler,
      DepositHandler,
      PublishPolicyHandler,
      OpenClaimHandler,
      DecideClaimHandler,
      LiftDeferralHandler,
      WithdrawOnCureHandler,
      ApplyRecoveryHandler,
      ApplySettlementHandler,
      ProjectLoanHandler,
      // Also a provider: a new loan, fund or policy replays the credit events parked for it.
      CreditEventsConsumer,
    ],
  });
}
