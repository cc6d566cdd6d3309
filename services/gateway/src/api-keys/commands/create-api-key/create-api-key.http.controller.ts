import { Body, Controller, Headers } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { Identity, Role, USER_ROLES } from '@riskpool/contracts';
import { ApiRefusals, CurrentIdentity, idempotencyKeyOf } from '@riskpool/service-kit';
import { CreatedApiKeyView, ROLE_DOC } from '../../api-key.view';
import { CreateApiKeyHandler } from './create-api-key.handler';
import { GatewayRoute } from '../../deps';

export class CreateApiKeyDto {
  @ApiProperty({ enum: USER_ROLES, enumName: 'Role', example: 'bank', description: ROLE_DOC })
  @IsIn(USER_ROLES)
  role!: Role;

  @ApiProperty({
    type: 'string',
    nullable: true,
    required: false,
    minLength: 1,
    maxLength: 64,
    example: 'ZSBANK',
    description:
      'bankId of an admitted bank for `bank`, fundId of a known fund for `fund-manager`, partyId of an admitted co-sharer for `cosharer`; absent or null for `admin` and `regulator`.',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Length(1, 64)
  scope?: string | null;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Zhongshan Bank loan system' })
  @IsString()
  @Length(1, 200)
  label!: string;
}

@ApiTags('admin')
@Controller()
export class CreateApiKeyHttpController {
  constructor(private readonly handler: CreateApiKeyHandler) {}

  @GatewayRoute('POST /admin/api-keys')
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key (its secret is in this answer only)',
    description:
      'The key is stored as an HMAC; it cannot be shown again. Repeating the request with the same Idempotency-Key does not show it again either (409 API_KEY.SECRET_SHOWN_ONCE): revoke and create another.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyView, description: 'The key, with its secret' })
  @ApiRefusals(422)
  async create(
    @Body() body: CreateApiKeyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentIdentity() identity: Identity,
  ): Promise<CreatedApiKeyView> {
    return this.handler.execute(
      {
        role: body.role,
        scope: body.scope ?? null,
        label: body.label,
        idempotencyKey: idempotencyKeyOf(idempotencyKey),
      },
      identity,
    );
  }
}
