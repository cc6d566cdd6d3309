import { controllersOf, publicRouteMismatches, servedRoutes } from '@riskpool/service-kit';
import { ledgerServiceDefinition } from './ledger.service-definition';

describe('ledger serves its public routes as PUBLIC_ROUTES (libs/contracts) declares', () => {
  it('has one @PublicRoute handler at the declared path for each, and no undeclared one', () => {
    const served = servedRoutes(controllersOf(ledgerServiceDefinition));
    expect(served.length).toBeGreaterThan(0);
    expect(publicRouteMismatches('ledger', served)).toEqual([]);
  });
});
