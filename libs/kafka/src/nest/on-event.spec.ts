import 'reflect-metadata';
import { Topics } from '@riskpool/contracts';
import type { UnitOfWork } from '@riskpool/db';
import type { ConsumedEvent } from '../event-consumer';
import { eventPatternsOf } from './event-patterns';
import { Consumed, OnEvent } from './on-event';

class FundsConsumer {
  @OnEvent(Topics.fundCreated)
  async fundCreated(_event: Consumed<'fundCreated'>, _uow: UnitOfWork): Promise<void> {}

  @OnEvent([Topics.fundDeposited, Topics.claimOpened])
  async either(_event: ConsumedEvent, _uow: UnitOfWork): Promise<void> {}
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
