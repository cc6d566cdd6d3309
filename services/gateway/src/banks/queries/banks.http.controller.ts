import { AdminListHttpController } from '../../routing/admin-list.http.controller';
import { BankView } from '../bank.view';
import { BankRepository } from '../persistence/bank.repository';

export const BanksHttpController = AdminListHttpController('BanksHttpController', {
  route: 'GET /admin/banks',
  operation: { operationId: 'listBanks', summary: 'List admitted banks and their status' },
  view: BankView,
  description: 'A page of banks',
  store: BankRepository,
  keyOf: (b: BankView) => b.bankId,
});
