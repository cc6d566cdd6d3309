import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GATEWAY_CONFIG, GatewaySettings } from '../gateway.tokens';
import { hashApiKeySecret, parseApiKey } from './domain/api-key';
import { ApiKeyRepository } from './persistence/api-key.repository';

/** Registers ADMIN_API_KEY (hashed) before the gateway takes requests: the first admin. */
@Injectable()
export class AdminKeyBootstrap implements OnModuleInit {
  private readonly logger = new Logger('api-keys');

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {}

  async onModuleInit(): Promise<void> {
    const parsed = parseApiKey(this.settings.adminApiKey);
    if (parsed === undefined) throw new Error('ADMIN_API_KEY is not an rpk_<id>_<secret> key');
    const row = await this.dataSource.transaction((manager) =>
      this.keys.upsertBootstrap(
        manager,
        parsed.keyId,
        hashApiKeySecret(this.settings.pepper, parsed.keyId, parsed.secret),
      ),
    );
    if (row.revokedAt !== null)
      this.logger.warn(`ADMIN_API_KEY ${row.keyId} was revoked; set a new one to administer`);
  }
}
