import { controllersOf, publicRouteMismatches, servedRoutes } from '@riskpool/service-kit';
import { loanRegistryDefinition } from './loan-registry.service-definition';

describe('loan-registry serves its public routes as PUBLIC_ROUTES (libs/contracts) declares', () => {
  it('has one @PublicRoute handler at the declared path for each, and no undeclared one', () => {
    const served = servedRoutes(controllersOf(loanRegistryDefinition));
    expect(served.length).toBeGreaterThan(0);
    expect(publicRouteMismatches('loan-registry', served)).toEqual([]);
  });
});
