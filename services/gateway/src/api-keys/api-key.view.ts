import { ApiProperty } from '@nestjs/swagger';
import { Role, USER_ROLES } from '@riskpool/contracts';
import { ApiTimestamp } from '@riskpool/service-kit';

export const ROLE_DOC =
  'What the key may do (docs/domain.md §1); `cosharer` (§8.4): a guarantor, insurer or valuer admitted with `POST /admin/cosharers`, which reads the claims it shares in.';

/** What may be shown of an API key: everything but its secret and the secret's hash. */
export class ApiKeyView {
  @ApiProperty({ example: 'k3v9q2m8x1c4b7n0' })
  readonly keyId!: string;

  @ApiProperty({ enum: USER_ROLES, enumName: 'Role', example: 'bank', description: ROLE_DOC })
  readonly role!: Role;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'ZSBANK',
    description:
      'The bankId, fundId or partyId the key is limited to; null for admin and regulator',
  })
  readonly scope!: string | null;

  @ApiProperty({ example: 'Zhongshan Bank loan system' })
  readonly label!: string;

  @ApiTimestamp()
  readonly createdAt!: string;

  @ApiProperty({
    example: 'admin:admin',
    description: '`admin:<keyId>`, or `environment` for ADMIN_API_KEY',
  })
  readonly createdBy!: string;

  @ApiTimestamp({ nullable: true, example: null })
  readonly revokedAt!: string | null;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'Updated at most once a minute.',
  })
  readonly lastUsedAt!: string | null;
}

/** A key just created: the only answer that shows its secret. */
export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({
    pattern: '^rpk_[a-z0-9]{4,32}_[A-Za-z0-9_-]{32,128}$',
    example: 'rpk_k3v9q2m8x1c4b7n0_6bJ0r0m2bq0-Xd8ZcYwY8m6f1vKp0n3s4t5u6v7w8x9',
    description: 'The key to send as `Authorization: Bearer <key>`. Shown once, never again.',
  })
  readonly key!: string;
}
