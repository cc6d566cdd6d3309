export * from './subsidy-terms';
export * from './interest-report';
export * from './subsidy-amount';
export * from './subsidy-round';
