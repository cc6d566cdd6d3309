// What this feature's use cases use from the rest of the service, one level up (the lint
// rule forbids reaching three levels up).
export * from '../../claims/consumers/credit-events.consumer';
export * from '../../shared/pool-context';
