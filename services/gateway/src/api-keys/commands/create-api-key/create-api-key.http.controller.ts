import { Body, Controller, Headers, Post } from '@nestjs/common';
import { IsIn, IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { Identity, Role, USER_ROLES } from '@riskpool/contracts';
import { CurrentIdentity, ProblemException } from '@riskpool/service-kit';
import { ApiKeyView } from '../../persistence/api-key.repository';
import { CreateApiKeyHandler } from './create-api-key.handler';
import { GatewayRoute } from '../../deps';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

export class CreateApiKeyDto {
  @IsIn(USER_ROLES)
  role!: Role;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Length(1, 64)
  scope?: string | null;

  @IsString()
  @Length(1, 200)
  label!: string;
}

@Controller('api/v1/admin/api-keys')
export class CreateApiKeyHttpController {
  constructor(private readonly handler: CreateApiKeyHandler) {}

  @Post()
  @GatewayRoute()
  async create(
    @Body() body: CreateApiKeyDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentIdentity() identity: Identity,
  ): Promise<ApiKeyView & { key: string }> {
    if (idempotencyKey === undefined || !KEY_PATTERN.test(idempotencyKey))
      throw new ProblemException(
        400,
        'REQUEST.IDEMPOTENCY_KEY_REQUIRED',
        'Idempotency-Key required',
        'Every write needs an Idempotency-Key header of 8 to 128 characters [A-Za-z0-9._:-].',
        [{ field: 'Idempotency-Key', code: 'required', message: 'header missing or malformed' }],
      );
    return this.handler.execute(
      { role: body.role, scope: body.scope ?? null, label: body.label, idempotencyKey },
      identity,
    );
  }
}
