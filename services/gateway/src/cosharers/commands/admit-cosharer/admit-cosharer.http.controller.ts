import { Body, Controller } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Identity } from '@riskpool/contracts';
import { CurrentIdentity, currentUnitOfWork, PublicWrite } from '@riskpool/service-kit';
import { COSHARER_KINDS, CoSharerPartyKind, CoSharerView } from '../../cosharer.view';
import { AdmitCoSharerHandler } from './admit-cosharer.handler';
import { GatewayRoute } from '../../deps';

export class AdmitCoSharerDto {
  @ApiProperty({ pattern: '^[A-Z0-9][A-Z0-9_-]{0,63}$', example: 'G-ZSGUAR' })
  // The form loans name co-sharers in (loans.loan-registered.v1 coSharers[].partyId).
  @Matches(/^[A-Z0-9][A-Z0-9_-]{0,63}$/, {
    message:
      '$property must be 1-64 capital letters, digits, _ or -, starting with a letter or digit',
  })
  partyId!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: 200,
    example: 'Zhongshan Technology Financing Guarantee Co.',
  })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: COSHARER_KINDS, example: 'GUARANTOR' })
  @IsIn(COSHARER_KINDS)
  kind!: CoSharerPartyKind;
}

@ApiTags('admin')
@Controller()
export class AdmitCoSharerHttpController {
  constructor(private readonly handler: AdmitCoSharerHandler) {}

  @PublicWrite(
    GatewayRoute('POST /admin/cosharers'),
    {
      operationId: 'admitCoSharer',
      summary:
        'Admit a co-sharer party (guarantor, insurer, valuer) that loans may name (emits pool.cosharer-admitted.v1)',
      description:
        'docs/domain.md §8.4. A loan naming a party that was not admitted, or naming it with another kind, is refused at registration (400 naming `coSharers[i].partyId` or `coSharers[i].kind`). An admin then issues the party `cosharer` keys scoped to its partyId.',
    },
    { created: { type: CoSharerView, description: 'The admitted party' } },
  )
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
