import { Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { parsePolicyDocument, publicRoute, PublicRouteKey } from '@riskpool/contracts';
import {
  controllersOf,
  createValidationPipe,
  ProblemException,
  servedRoutes,
} from '@riskpool/service-kit';
import document from '../../services/gateway/src/docs/public-api.json';
import { gatewayDefinition } from '../../services/gateway/src/gateway.service-definition';
import { defaultEventsDefinition } from '../../services/default-events/src/default-events.service-definition';
import { ledgerServiceDefinition } from '../../services/ledger/src/ledger.service-definition';
import { loanRegistryDefinition } from '../../services/loan-registry/src/loan-registry.service-definition';
import { poolAllocationDefinition } from '../../services/pool-allocation/src/pool-allocation.service-definition';
import { settlementServiceDefinition } from '../../services/settlement/src/settlement.service-definition';
import { subsidyDefinition } from '../../services/subsidy/src/subsidy.service-definition';

type Operation = {
  requestBody?: { content: Record<string, { example?: unknown }> };
};
const paths = document.paths as unknown as Record<string, Record<string, Operation>>;

/** The class of each public route's JSON body, as its handler declares it (`@Body() x: Dto`). */
function bodyClasses(): Map<string, Type<unknown>> {
  const gatewaySettings = {
    RISKPOOL_MODE: 'test' as const,
    ADMIN_API_KEY: 'rpk_test_0123456789abcdefghijklmnopqrstuv',
    API_KEY_PEPPER: 'a-test-pepper-of-32-characters!!',
  };
  const controllers = [
    ...controllersOf(loanRegistryDefinition),
    ...controllersOf(defaultEventsDefinition),
    ...controllersOf(poolAllocationDefinition),
    ...controllersOf(settlementServiceDefinition),
    ...controllersOf(ledgerServiceDefinition),
    ...controllersOf(subsidyDefinition),
    ...controllersOf(gatewayDefinition, gatewaySettings),
  ];
  const out = new Map<string, Type<unknown>>();
  for (const served of servedRoutes(controllers)) {
    const key =
      served.publicRoute ??
      (served.path.startsWith('/api/v1/')
        ? (`${served.method} ${served.path.slice('/api/v1'.length)}` as PublicRouteKey)
        : undefined);
    if (key === undefined) continue;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, served.controller, served.handler) ??
      {}) as Record<string, { index: number }>;
    const body = Object.entries(args).find(([k]) => k.startsWith(`${RouteParamtypes.BODY}:`));
    if (body === undefined) continue;
    const types = Reflect.getMetadata(
      'design:paramtypes',
      served.controller.prototype as object,
      served.handler,
    ) as Array<Type<unknown>>;
    const type = types[body[1].index];
    if (type !== undefined && type !== Object) out.set(publicRoute(key).key, type);
  }
  return out;
}

describe('every JSON request example in the public document', () => {
  const classes = bodyClasses();
  const pipe = createValidationPipe();
  const examples = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, op]) => {
      const example = op.requestBody?.content['application/json']?.example;
      if (example === undefined) return [];
      return [[`${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`, example] as const];
    }),
  );

  it('has one for every JSON body the services declare', () => {
    expect(examples.length).toBeGreaterThan(15);
    for (const key of classes.keys()) expect(examples.map(([k]) => k)).toContain(key);
  });

  it.each(examples)('%s: the owning service’s validation accepts it', async (key, example) => {
    if (key === 'POST /policies') {
      // Past the pipe, the handler applies the domain's rules (every issue at once).
      const parsed = parsePolicyDocument(example);
      expect(parsed.ok ? 'accepted' : JSON.stringify(parsed)).toBe('accepted');
    }
    const metatype = classes.get(key);
    if (metatype === undefined) return; // a body the handler reads raw (e.g. CSV) or untyped
    const outcome = await pipe
      .transform(example, { type: 'body', metatype, data: '' })
      .then(() => 'accepted')
      .catch((error: unknown) =>
        error instanceof ProblemException
          ? JSON.stringify(error.getResponse())
          : error instanceof Error
            ? error.message
            : String(error),
      );
    expect(outcome).toBe('accepted');
  });
});
