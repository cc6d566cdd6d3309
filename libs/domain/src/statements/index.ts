export * from './bank-statement';
export * from './fund-statement';
export * from './programme-statement';
export * from './statement-period';
export * from './loan-book-statement';
export * from './claim-states';
