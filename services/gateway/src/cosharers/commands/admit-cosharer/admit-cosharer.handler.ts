import { Injectable } from '@nestjs/common';
import { createEvent, Identity, Topics } from '@riskpool/contracts';
import { UnitOfWork } from '@riskpool/db';
import { Problems } from '@riskpool/service-kit';
import {
  CoSharerPartyKind,
  CoSharerRepository,
  CoSharerView,
} from '../../persistence/cosharer.repository';
import { SERVICE_NAME } from '../../deps';

export interface AdmitCoSharerCommand {
  readonly partyId: string;
  readonly name: string;
  readonly kind: CoSharerPartyKind;
}

/**
 * Admits a co-sharer party (docs/domain.md §8.4: guarantors, insurers, valuers are admitted by an
 * admin as banks are) and announces it (pool.cosharer-admitted.v1): loans may name it from then on.
 */
@Injectable()
export class AdmitCoSharerHandler {
  constructor(private readonly parties: CoSharerRepository) {}

  async execute(
    command: AdmitCoSharerCommand,
    by: Identity,
    uow: UnitOfWork,
  ): Promise<CoSharerView> {
    const party = await this.parties.insert(uow.manager, { ...command, at: new Date() });
    if (party === undefined)
      throw Problems.conflict(
        'COSHARER.ALREADY_ADMITTED',
        `Co-sharer ${command.partyId} was admitted before.`,
        [{ field: 'partyId', code: 'exists', message: 'already admitted' }],
      );
    uow.publish(
      createEvent({
        topic: Topics.coSharerAdmitted,
        source: SERVICE_NAME,
        subject: party.partyId,
        correlationId: by.requestId,
        data: {
          partyId: party.partyId,
          name: party.name,
          kind: party.kind,
          admittedAt: party.admittedAt,
        },
      }),
    );
    return party;
  }
}
