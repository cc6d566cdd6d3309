import { controllersOf, publicRouteMismatches, servedRoutes } from '@riskpool/service-kit';
import { poolAllocationDefinition } from './pool-allocation.service-definition';

describe('pool-allocation serves its public routes as PUBLIC_ROUTES (libs/contracts) declares', () => {
  it('has one @PublicRoute handler at the declared path for each, and no undeclared one', () => {
    const served = servedRoutes(controllersOf(poolAllocationDefinition));
    expect(served.length).toBeGreaterThan(0);
    expect(publicRouteMismatches('pool-allocation', served)).toEqual([]);
  });
});
