import { Controller, Param, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Identity, principalOf } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, Problems, PublicWrite } from '@riskpool/service-kit';
import { ApiKeyRepository, apiKeyView, ApiKeyView } from '../../persistence/api-key.repository';
import { ApiKeyAuthenticator, GatewayRoute } from '../../deps';

@ApiTags('admin')
@Controller()
export class RevokeApiKeyHttpController {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  /** Revoking is final; revoking a revoked key answers it unchanged. */
  @PublicWrite(
    GatewayRoute('POST /admin/api-keys/{keyId}/revoke'),
    {
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key; it is refused (401) from then on',
    },
    { ok: { type: ApiKeyView, description: 'The revoked key' } },
  )
  async revoke(
    @Param('keyId') keyId: string,
    @CurrentIdentity() identity: Identity,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ApiKeyView> {
    const uow = currentUnitOfWork();
    const row = await this.keys.revoke(
      uow.manager,
      keyId,
      `${principalOf(identity)}:${identity.keyId}`,
    );
    if (row === undefined) throw Problems.notFound(`API key ${keyId}`);
    // Forget the cached row now and again once committed, so no request in between keeps it.
    this.authenticator.forget(keyId);
    response.once('finish', () => this.authenticator.forget(keyId));
    return apiKeyView(row);
  }
}
