import 'reflect-metadata';
import { Topics } from '@riskpool/contracts';
import type { UnitOfWork } from '@riskpool/db';
import type { ConsumedEvent } from '../event-consumer';
import { eventPatternsOf } from './event-patterns';
import { Consumed, OnEvent } from './on-event';

class FundsConsumer {
  @OnEvent(Topics.fundCreated)
  async fundCreated(event: Consumed<'fundCreated'>, uow: UnitOfWork): Promise<void> {
    await Promise.resolve([event, uow]);
  }

  @OnEvent([Topics.fundDeposited, Topics.claimOpened])
  async either(event: ConsumedEvent, uow: UnitOfWork): Promise<void> {
    await Promise.resolve([event, uow]);
  }
}

describe('OnEvent', () => {
  it('declares each topic once, with the payload first and the unit of work (@Ctx) second', () => {
    const declared = (topic: string, handler: string) => ({
      topic,
      handler: `FundsConsumer.${handler}`,
      batch: false,
      takesContext: true,
    });
    expect(eventPatternsOf([FundsConsumer])).toEqual([
      declared(Topics.fundCreated, 'fundCreated'),
      declared(Topics.fundDeposited, 'either'),
      declared(Topics.claimOpened, 'either'),
    ]);
  });
});
