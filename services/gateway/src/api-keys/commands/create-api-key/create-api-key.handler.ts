import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Identity, principalOf, Role, SCOPED_ROLES, toJson } from '@riskpool/contracts';
import { ProblemException, Problems } from '@riskpool/service-kit';
import { generateApiKey, hashApiKeySecret } from '../../domain/api-key';
import { ApiKeyRepository, apiKeyView, ApiKeyView } from '../../persistence/api-key.repository';
import {
  BankRepository,
  CoSharerRepository,
  FundRepository,
  GATEWAY_CONFIG,
  GatewaySettings,
} from '../../deps';

export interface CreateApiKeyCommand {
  readonly role: Role;
  readonly scope: string | null;
  readonly label: string;
  readonly idempotencyKey: string;
}

/** What the scope of each scoped role names. */
const SCOPE_PARTY: Partial<Record<Role, string>> = {
  bank: 'bank',
  'fund-manager': 'fund',
  cosharer: 'party',
};

/**
 * Creates a key and answers its secret once. Not an ordinary idempotent write: its answer holds
 * the secret, which must not be stored, so a repeated request is told the key exists (409)
 * instead of being replayed.
 */
@Injectable()
export class CreateApiKeyHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly banks: BankRepository,
    private readonly funds: FundRepository,
    private readonly parties: CoSharerRepository,
    @Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings,
  ) {}

  async execute(
    command: CreateApiKeyCommand,
    by: Identity,
  ): Promise<ApiKeyView & { readonly key: string }> {
    const createdBy = `${principalOf(by)}:${by.keyId}`;
    const requestHash = createHash('sha256')
      .update(toJson({ role: command.role, scope: command.scope, label: command.label }))
      .digest('hex');
    return this.dataSource.transaction(async (manager) => {
      await this.checkScope(manager, command.role, command.scope);
      const generated = generateApiKey();
      const row = await this.keys.insert(manager, {
        keyId: generated.keyId,
        role: command.role,
        scope: command.scope,
        label: command.label,
        secretHash: hashApiKeySecret(this.settings.pepper, generated.keyId, generated.secret),
        createdBy,
        idempotencyKey: command.idempotencyKey,
        requestHash,
      });
      if (row === undefined) {
        const earlier = await this.keys.findByCreation(manager, createdBy, command.idempotencyKey);
        if (earlier?.createRequestHash === requestHash)
          throw Problems.conflict(
            'API_KEY.SECRET_SHOWN_ONCE',
            `This request already created key ${earlier.keyId}. Its secret was shown once and is not stored: revoke it and create another if it was lost.`,
          );
        throw Problems.conflict(
          'REQUEST.IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with a different request.',
          [{ field: 'Idempotency-Key', code: 'reused', message: 'same key, different request' }],
        );
      }
      return { ...apiKeyView(row), key: generated.key };
    });
  }

  private async checkScope(
    manager: DataSource['manager'],
    role: Role,
    scope: string | null,
  ): Promise<void> {
    const scoped = SCOPED_ROLES.includes(role);
    if (!scoped) {
      if (scope !== null)
        throw Problems.invalid(
          [{ field: 'scope', code: 'scope', message: `a ${role} key has no scope` }],
          `A ${role} key has no scope.`,
        );
      return;
    }
    const party = SCOPE_PARTY[role] ?? 'party';
    if (scope === null)
      throw Problems.invalid(
        [{ field: 'scope', code: 'scope', message: `a ${role} key needs a scope` }],
        `A ${role} key needs the ${party}Id.`,
      );
    const known =
      role === 'bank'
        ? (await this.banks.find(manager, scope)) !== undefined
        : role === 'cosharer'
          ? (await this.parties.find(manager, scope)) !== undefined
          : await this.funds.exists(manager, scope);
    if (!known)
      throw new ProblemException(
        422,
        'API_KEY.UNKNOWN_SCOPE',
        'Request refused by the rules',
        role === 'bank'
          ? `Bank ${scope} has not been admitted.`
          : role === 'cosharer'
            ? `Co-sharer ${scope} has not been admitted (POST /admin/cosharers).`
            : `Fund ${scope} is not known (create it, or wait for pool.fund-created.v1).`,
        [{ field: 'scope', code: 'unknown', message: `unknown ${party}` }],
      );
  }
}
