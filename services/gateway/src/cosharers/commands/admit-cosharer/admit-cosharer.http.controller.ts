import { Body, Controller, Post } from '@nestjs/common';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, IdempotentWrite } from '@riskpool/service-kit';
import { CoSharerPartyKind, CoSharerView } from '../../persistence/cosharer.repository';
import { AdmitCoSharerHandler } from './admit-cosharer.handler';
import { GatewayRoute } from '../../deps';

const KINDS: readonly CoSharerPartyKind[] = ['GUARANTOR', 'INSURER', 'VALUER'];

export class AdmitCoSharerDto {
  // The form loans name co-sharers in (loans.loan-registered.v1 coSharers[].partyId).
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, {
    message:
      '$property must be 1-64 capital letters, digits, _ or -, starting with a letter or digit',
  })
  partyId!: string;

  @IsString()
  @Length(1, 200)
  name!: string;

  @IsIn(KINDS)
  kind!: CoSharerPartyKind;
}

@Controller('api/v1/admin/cosharers')
export class AdmitCoSharerHttpController {
  constructor(private readonly handler: AdmitCoSharerHandler) {}

  @Post()
  @GatewayRoute()
  @IdempotentWrite()
  async admit(
    @Body() body: AdmitCoSharerDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<CoSharerView> {
    return this.handler.execute(
      { partyId: body.partyId, name: body.name, kind: body.kind },
      identity,
      currentUnitOfWork(),
    );
  }
}
