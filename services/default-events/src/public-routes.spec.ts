import { controllersOf, publicRouteMismatches, servedRoutes } from '@riskpool/service-kit';
import { defaultEventsDefinition } from './default-events.service-definition';

describe('default-events serves its public routes as PUBLIC_ROUTES (libs/contracts) declares', () => {
  it('has one @PublicRoute handler at the declared path for each, and no undeclared one', () => {
    const served = servedRoutes(controllersOf(defaultEventsDefinition));
    expect(served.length).toBeGreaterThan(0);
    expect(publicRouteMismatches('default-events', served)).toEqual([]);
  });
});
