export * from './fund-statement';
export * from './statement-period';
