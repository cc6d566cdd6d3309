import { controllersOf, publicRouteMismatches, servedRoutes } from '@riskpool/service-kit';
import { subsidyDefinition } from './subsidy.service-definition';

describe('subsidy serves its public routes as PUBLIC_ROUTES (libs/contracts) declares', () => {
  it('has one @PublicRoute handler at the declared path for each, and no undeclared one', () => {
    const served = servedRoutes(controllersOf(subsidyDefinition));
    expect(served.length).toBeGreaterThan(0);
    expect(publicRouteMismatches('subsidy', served)).toEqual([]);
  });
});
