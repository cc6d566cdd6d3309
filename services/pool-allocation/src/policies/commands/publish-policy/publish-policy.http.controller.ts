import { Body, Controller, Post } from '@nestjs/common';
import { Identity, principalOf } from '@riskpool/contracts';
import { PolicyVersionJson } from '@riskpool/domain';
import {
  CurrentIdentity,
  currentUnitOfWork,
  IdempotentWrite,
  Problems,
  PublicRoute,
} from '@riskpool/service-kit';
import { httpContext } from '../kernel';
import { PublishPolicyHandler } from './publish-policy.handler';

@Controller('policies')
export class PublishPolicyController {
  constructor(private readonly handler: PublishPolicyHandler) {}

  /** The body is a policy document (domain wire form); policyFromJson validates every field. */
  @Post()
  @PublicRoute('POST /policies')
  @IdempotentWrite()
  async publish(
    @Body() body: Record<string, unknown>,
    @CurrentIdentity() identity: Identity,
  ): Promise<PolicyVersionJson> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw Problems.invalid([
        { field: '(body)', code: 'NOT_AN_OBJECT', message: 'a policy is a JSON object' },
      ]);
    const ctx = httpContext(currentUnitOfWork(), principalOf(identity), identity.businessDate);
    return this.handler.execute(ctx, { managerFundId: identity.scope, document: body });
  }
}
