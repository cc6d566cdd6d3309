import { AdminListHttpController } from '../../routing/admin-list.http.controller';
import { CoSharerView } from '../cosharer.view';
import { CoSharerRepository } from '../persistence/cosharer.repository';

export const CoSharersHttpController = AdminListHttpController('CoSharersHttpController', {
  route: 'GET /admin/cosharers',
  operation: { operationId: 'listCoSharers', summary: 'List admitted co-sharer parties' },
  view: CoSharerView,
  description: 'A page of co-sharer parties',
  store: CoSharerRepository,
  keyOf: (p: CoSharerView) => p.partyId,
});
