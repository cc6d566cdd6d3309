// @riskpool/domain: the pool's rules as pure functions (no I/O, no framework). See README.md.
export * from './domain-error';
export * from './money';
export * from './split';
export * from './uscc';
export * from './dates';
export * from './codes';
export * from './policy';
export * from './policy-json';
export * from './eligibility';
export * from './allocation';
export * from './fund-holds';
export * from './recovery';
export * from './npl-breaker';
export * from './loan-actions';
export * from './claim-decisions';
export * from './subsidy';
export * from './statements';
