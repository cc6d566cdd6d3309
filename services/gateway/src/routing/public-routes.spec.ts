import { controllersOf, publicRouteMismatches, servedRoutes } from '@riskpool/service-kit';
import { gatewayDefinition } from '../gateway.service-definition';
import { API_PREFIX } from './route-table';

describe('the gateway serves its own public routes as PUBLIC_ROUTES (libs/contracts) declares', () => {
  // Only the module's shape is read; nothing starts.
  const settings = {
    RISKPOOL_MODE: 'test' as const,
    ADMIN_API_KEY: 'rpk_test_0123456789abcdefghijklmnopqrstuv',
    API_KEY_PEPPER: 'a-test-pepper-of-32-characters!!',
  };
  const served = servedRoutes(controllersOf(gatewayDefinition, settings))
    // The proxy's catch-all (`ALL /api/v1/*path`) forwards the other services' routes.
    .filter((s) => s.path.startsWith(`${API_PREFIX}/`) && s.method !== 'ALL');

  it('has one handler marked with each of its routes, on its path, and none unmarked', () => {
    expect(publicRouteMismatches('gateway', served, API_PREFIX)).toEqual([]);
  });
});
