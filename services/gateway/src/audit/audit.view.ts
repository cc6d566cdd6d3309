import { ApiProperty } from '@nestjs/swagger';
import { ApiTimestamp } from '@riskpool/service-kit';

/** One request of the audit trail: who called what, and what it was answered. */
export class AuditView {
  @ApiProperty({ example: '42' })
  readonly id!: string;

  @ApiTimestamp()
  readonly at!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'admin',
    description: 'The key used; for a refused request, the key id it presented (unverified)',
  })
  readonly keyId!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'admin' })
  readonly role!: string | null;

  @ApiProperty({ type: 'string', nullable: true, example: null })
  readonly scope!: string | null;

  @ApiProperty({ example: 'POST' })
  readonly method!: string;

  @ApiProperty({ example: '/api/v1/admin/banks' })
  readonly path!: string;

  @ApiProperty({
    type: 'integer',
    example: 201,
    description: 'The status answered (written before the answer); 499: the client left first',
  })
  readonly status!: number;

  @ApiProperty({ example: '0f5e2c1a-7d1b-4d0e-9b43-5b2f8c1d9e77' })
  readonly requestId!: string;

  @ApiProperty({ type: 'string', nullable: true, example: 'admit-ZSBANK-1' })
  readonly idempotencyKey!: string | null;

  @ApiProperty({ type: 'integer', example: 12, description: 'Until the answer began' })
  readonly durationMs!: number;

  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '203.0.113.7',
    description: 'The client’s address (behind TRUSTED_PROXY_HOPS proxies, from X-Forwarded-For)',
  })
  readonly clientAddress!: string | null;
}
