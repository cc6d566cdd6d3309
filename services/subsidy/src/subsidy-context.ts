import { createEvent, EventData, Identity, principalOf, TopicName } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { DomainError } from '@riskpool/domain';
import { FieldError, ProblemException, Problems, requestContext } from '@riskpool/service-kit';

export const SERVICE_NAME = 'subsidy';

/** A command's surroundings: its transaction, who acts, and the one business date. */
export interface SubsidyContext {
  readonly uow: UnitOfWork;
  readonly identity: Identity;
  readonly actor: string;
  readonly businessDate: string;
  readonly now: Date;
}

export function subsidyContext(uow: UnitOfWork, identity: Identity): SubsidyContext {
  return {
    uow,
    identity,
    actor: principalOf(identity),
    businessDate: identity.businessDate,
    now: new Date(),
  };
}

export function publish<T extends TopicName>(
  ctx: SubsidyContext,
  topic: T,
  subject: string,
  data: EventData<T>,
): void {
  ctx.uow.publish(
    createEvent({
      topic,
      source: SERVICE_NAME,
      subject,
      correlationId: requestContext.current()?.correlationId ?? ctx.identity.requestId,
      data,
    }),
  );
}

/** Stable problem codes of the subsidy service. */
export const SubsidyCodes = {
  reportRefused: 'SUBSIDY.REPORT_REFUSED',
  noPolicyInForce: 'SUBSIDY.NO_POLICY_IN_FORCE',
  roundClosed: 'SUBSIDY.ROUND_CLOSED',
  roundRangeInvalid: 'SUBSIDY.ROUND_RANGE_INVALID',
  roundNotOpen: 'SUBSIDY.ROUND_NOT_OPEN',
  fundExists: 'SUBSIDY.FUND_ALREADY_EXISTS',
  bulkInvalid: 'SUBSIDY.BULK_INVALID',
  bulkTooLarge: 'SUBSIDY.BULK_TOO_LARGE',
} as const;

/** 403 naming the field that asked for someone else's fund. */
export function otherFundProblem(field: string, detail: string): ProblemException {
  return new ProblemException(403, 'AUTH.FORBIDDEN', 'Forbidden', detail, [
    { field, code: 'OTHER_FUND', message: detail },
  ]);
}

/** Subsidy round rule errors → 409 (state) or 403 (scope), with the field named. */
export function mapDomainError(error: unknown): ProblemException | undefined {
  if (!(error instanceof DomainError) || error.code === 'DOMAIN.INVARIANT_VIOLATED')
    return undefined;
  const field = typeof error.details.field === 'string' ? error.details.field : undefined;
  const errors: FieldError[] =
    field === undefined ? [] : [{ field, code: error.code, message: error.message }];
  if (error.code === 'SUBSIDY.NOT_FUND_MANAGER')
    return otherFundProblem(field ?? 'fundId', error.message);
  if (error.code === 'SUBSIDY.REASON_REQUIRED') return Problems.invalid(errors, error.message);
  if (error.code.startsWith('SUBSIDY.'))
    return Problems.conflict(error.code, error.message, errors);
  return Problems.unprocessable(error.code, error.message, errors);
}
