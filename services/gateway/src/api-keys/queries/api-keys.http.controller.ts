import { AdminListHttpController } from '../../routing/admin-list.http.controller';
import {
  ApiKeyRepository,
  ApiKeyRow,
  apiKeyView,
  ApiKeyView,
} from '../persistence/api-key.repository';

/** Newest first; never a secret or its hash. */
export const ApiKeysHttpController = AdminListHttpController('ApiKeysHttpController', {
  route: 'GET /admin/api-keys',
  operation: {
    operationId: 'listApiKeys',
    summary: 'List API keys (never their secrets), newest first',
  },
  view: ApiKeyView,
  description: 'A page of keys',
  store: ApiKeyRepository,
  keyOf: (row: ApiKeyRow) => row.keyId,
  items: (rows) => rows.map(apiKeyView),
});
