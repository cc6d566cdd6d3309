import { controllersOf, publicRouteMismatches, servedRoutes } from '@riskpool/service-kit';
import { settlementServiceDefinition } from './settlement.service-definition';

describe('settlement serves its public routes as PUBLIC_ROUTES (libs/contracts) declares', () => {
  it('has one @PublicRoute handler at the declared path for each, and no undeclared one', () => {
    const served = servedRoutes(controllersOf(settlementServiceDefinition));
    expect(served.length).toBeGreaterThan(0);
    expect(publicRouteMismatches('settlement', served)).toEqual([]);
  });
});
