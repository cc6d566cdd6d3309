import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Identity, PolicyDocument, principalOf } from '@riskpool/contracts';
import {
  ApiRefusals,
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  PublicRoute,
} from '@riskpool/service-kit';
import { httpContext } from '../../../shared/pool-context';
import { PolicyDocumentDto } from '../../policy-document.dto';
import { PublishPolicyHandler } from './publish-policy.handler';

@ApiTags('policies')
@Controller('policies')
export class PublishPolicyController {
  constructor(private readonly handler: PublishPolicyHandler) {}

  @Post()
  @PublicRoute('POST /policies')
  @ApiOperation({
    operationId: 'publishPolicy',
    summary: 'Publish a policy version (fund-manager:CITY)',
    description:
      'Every parameter of docs/domain.md §3, and those of §8 and §9 optionally (absent: the default). Every problem of the document is listed at once (400, by field); a version id used before, a start on the same day as or inside a bounded version, or a start before today is 409.',
  })
  @ApiCreatedResponse({ type: PolicyDocumentDto, description: 'The published version' })
  @ApiRefusals(409)
  @IdempotentWrite()
  async publish(
    @Body() body: PolicyDocumentDto,
    @CurrentIdentity() identity: Identity,
  ): Promise<PolicyDocument> {
    const ctx = httpContext(currentUnitOfWork(), principalOf(identity), identity.businessDate);
    return this.handler.execute(ctx, { managerFundId: identity.scope, document: body });
  }
}
