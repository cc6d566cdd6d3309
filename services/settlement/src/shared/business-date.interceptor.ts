import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { Identity } from '@riskpool/contracts';
import { OverdueScheduler } from '../remittances/overdue-scheduler';

/** Every authenticated request carries the gateway's business date: the overdue check uses it. */
@Injectable()
export class BusinessDateInterceptor implements NestInterceptor {
  constructor(@Inject(OverdueScheduler) private readonly overdue: OverdueScheduler) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const identity = context
      .switchToHttp()
      .getRequest<Request & { identity?: Identity }>().identity;
    if (identity === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(identity.businessDate))
      return next.handle();
    return from(this.overdue.observe(identity.businessDate)).pipe(switchMap(() => next.handle()));
  }
}
