// What this feature's use cases use from the rest of the service, one level up (the lint
// rule forbids reaching three levels up).
export * from '../../funds/fund-moves';
export * from '../../funds/persistence/fund.repository';
export * from '../../loans/persistence/loan.repository';
export * from '../../policies/policy-terms';
export * from '../../shared/pool-context';
