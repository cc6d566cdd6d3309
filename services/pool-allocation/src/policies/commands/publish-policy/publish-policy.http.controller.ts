import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Identity, PolicyDocument } from '@riskpool/contracts';
import { CurrentIdentity, PublicWrite } from '@riskpool/service-kit';
import { writeContextOf } from '../../../shared/pool-context';
import { PolicyDocumentDto } from '../../policy-document.dto';
import { PublishPolicyHandler } from './publish-policy.handler';

@ApiTags('policies')
@Controller()
export class PublishPolicyController {
  constructor(private readonly handler: PublishPolicyHandler) {}

  @PublicWrite(
    'POST /policies',
    {
      operationId: 'publishPolicy',
      summary: 'Publish a policy version (fund-manager:CITY)',
      description:
        'Every parameter of docs/domain.md §3, and those of §8 and §9 optionally (absent: the default). Every problem of the document is listed at once (400, by field); a version id used before, a start on the same day as or inside a bounded version, or a start before today is 409.',
    },
    { created: { type: PolicyDocumentDto, description: 'The published version' } },
    409,
  )
  async publish(
    @Body() body: PolicyDocumentDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<PolicyDocument> {
    const ctx = writeContextOf(identity);
    return this.handler.execute(ctx, { managerFundId: identity.scope, document: body });
  }
}
