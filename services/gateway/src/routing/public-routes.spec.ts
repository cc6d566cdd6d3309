import { publicRoutes } from '@riskpool/contracts';
import { controllersOf, servedRoutes } from '@riskpool/service-kit';
import { gatewayDefinition } from '../gateway.service-definition';
import { API_PREFIX } from './route-table';

const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');

describe('the gateway serves its own public routes as PUBLIC_ROUTES (libs/contracts) declares', () => {
  // Only the module's shape is read; nothing starts.
  const settings = {
    RISKPOOL_MODE: 'test' as const,
    ADMIN_API_KEY: 'rpk_test_0123456789abcdefghijklmnopqrstuv',
    API_KEY_PEPPER: 'a-test-pepper-of-32-characters!!',
  };
  const served = servedRoutes(controllersOf(gatewayDefinition, settings))
    // The proxy's catch-all (`ALL /api/v1/*path`) forwards the other services' routes.
    .filter((s) => s.path.startsWith(`${API_PREFIX}/`) && s.method !== 'ALL')
    .map((s) => `${s.method} ${shape(s.path.slice(API_PREFIX.length))}`);
  const declared = publicRoutes()
    .filter((r) => r.service === 'gateway')
    .map((r) => `${r.method} ${shape(r.path)}`);

  it('has a handler for each of its routes, and no /api/v1 handler the table does not hold', () => {
    expect(served.sort()).toEqual(declared.sort());
  });
});
