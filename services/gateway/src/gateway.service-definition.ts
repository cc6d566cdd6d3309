import { DynamicModule } from '@nestjs/common';
import { policyDocumentsWireFormMigration } from '@riskpool/db';
import { ServiceDefinition, ServiceDeps, serviceModule } from '@riskpool/service-kit';
import { AdminKeyBootstrap } from './api-keys/admin-key.bootstrap';
import { CreateApiKeyHandler } from './api-keys/commands/create-api-key/create-api-key.handler';
import { CreateApiKeyHttpController } from './api-keys/commands/create-api-key/create-api-key.http.controller';
import { RevokeApiKeyHttpController } from './api-keys/commands/revoke-api-key/revoke-api-key.http.controller';
import { ApiKeyRepository } from './api-keys/persistence/api-key.repository';
import { ApiKeysHttpController } from './api-keys/queries/api-keys.http.controller';
import { AuditHttpController } from './audit/audit.http.controller';
import { AuditRepository } from './audit/audit.repository';
import { AuditWriter } from './audit/audit-writer';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { ApiKeyGuard, RATE_LIMITER, rateLimiterFor } from './auth/api-key.guard';
import { AdmitBankHandler } from './banks/commands/admit-bank/admit-bank.handler';
import { AdmitBankHttpController } from './banks/commands/admit-bank/admit-bank.http.controller';
import { ChangeBankStatusHandler } from './banks/commands/change-bank-status/change-bank-status.handler';
import { ChangeBankStatusHttpController } from './banks/commands/change-bank-status/change-bank-status.http.controller';
import { PartiesConsumer } from './banks/consumers/parties.consumer';
import { BankRepository } from './banks/persistence/bank.repository';
import { BanksHttpController } from './banks/queries/banks.http.controller';
import { ClockHttpController } from './clock/clock.http.controller';
import { AdmitCoSharerHandler } from './cosharers/commands/admit-cosharer/admit-cosharer.handler';
import { AdmitCoSharerHttpController } from './cosharers/commands/admit-cosharer/admit-cosharer.http.controller';
import { CoSharerRepository } from './cosharers/persistence/cosharer.repository';
import { CoSharersHttpController } from './cosharers/queries/cosharers.http.controller';
import { ClockPublisher } from './clock/clock-publisher';
import { ClockRepository } from './clock/clock.repository';
import { ClockService } from './clock/clock.service';
import { createPublicKey } from 'node:crypto';
import { effectiveSecrets, GatewayConfig, identitySigningKeyOf } from './config/gateway.config';
import { ConsoleHttpController } from './console/console.http.controller';
import { DocsHttpController } from './docs/docs.http.controller';
import { GatewayEdge } from './edge/edge.hook';
import { FundRepository } from './funds/persistence/fund.repository';
import { GATEWAY_CONFIG, GatewaySettings, SCHEMA, SERVICE_NAME } from './gateway.tokens';
import { GatewayInit1767300000000 } from './migrations/1767300000000-gateway-init';
import { GatewayClockPublished1767400000000 } from './migrations/1767400000000-gateway-clock-published';
import { GatewayAuditClientAddress1767500000000 } from './migrations/1767500000000-gateway-audit-client-address';
import { GatewayProgrammeParties1767600000000 } from './migrations/1767600000000-gateway-programme-parties';
import { GatewayPolicies1767600000001 } from './migrations/1767600000001-gateway-policies';
import { PolicyRepository } from './policies/policy.repository';
import { ProxyHttpController } from './routing/forwarding/proxy.http.controller';
import { ProxyService } from './routing/forwarding/proxy.service';
import { RouteTable } from './routing/route-table';

function gatewayModule(deps: ServiceDeps<GatewayConfig>): DynamicModule {
  const settings: GatewaySettings = { config: deps.config, ...effectiveSecrets(deps.config) };
  return serviceModule('GatewayModule', {
    // The proxy's catch-all comes last so the gateway's own routes win.
    controllers: [
      DocsHttpController,
      ConsoleHttpController,
      CreateApiKeyHttpController,
      RevokeApiKeyHttpController,
      ApiKeysHttpController,
      AdmitBankHttpController,
      ChangeBankStatusHttpController,
      BanksHttpController,
      AdmitCoSharerHttpController,
      CoSharersHttpController,
      ClockHttpController,
      AuditHttpController,
      ProxyHttpController,
    ],
    consumers: [PartiesConsumer],
    providers: [
      { provide: GATEWAY_CONFIG, useValue: settings },
      { provide: RouteTable, useValue: new RouteTable() },
      { provide: RATE_LIMITER, useValue: rateLimiterFor(settings) },
      { provide: ApiKeyRepository, useValue: new ApiKeyRepository() },
      { provide: BankRepository, useValue: new BankRepository() },
      { provide: FundRepository, useValue: new FundRepository() },
      { provide: CoSharerRepository, useValue: new CoSharerRepository() },
      { provide: PolicyRepository, useValue: new PolicyRepository() },
      { provide: ClockRepository, useValue: new ClockRepository() },
      { provide: AuditRepository, useValue: new AuditRepository() },
      GatewayEdge,
      AdminKeyBootstrap,
      ApiKeyAuthenticator,
      ApiKeyGuard,
      ClockService,
      ClockPublisher,
      AuditWriter,
      ProxyService,
      CreateApiKeyHandler,
      AdmitBankHandler,
      ChangeBankStatusHandler,
      AdmitCoSharerHandler,
    ],
  });
}

export const gatewayDefinition: ServiceDefinition<GatewayConfig> = {
  name: SERVICE_NAME,
  schema: SCHEMA,
  configClass: GatewayConfig,
  entities: [],
  migrations: [
    GatewayInit1767300000000,
    GatewayClockPublished1767400000000,
    GatewayAuditClientAddress1767500000000,
    GatewayProgrammeParties1767600000000,
    GatewayPolicies1767600000001,
    policyDocumentsWireFormMigration('GatewayPolicyWireForm1768000000000'),
  ],
  module: gatewayModule,
  // Bodies of the gateway's own routes are small; forwarded bodies are streamed (MAX_BODY_BYTES).
  bodyLimit: '1mb',
  identityTarget: SERVICE_NAME,
  // Its routes are API-key routes (@Public to the identity guard); it trusts only its own key.
  gatewayPublicKey: (config) => createPublicKey(identitySigningKeyOf(config)),
};
