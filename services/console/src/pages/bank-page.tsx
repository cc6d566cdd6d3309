// A bank's own loans and claims, and the state of each.
import { LoadedPage } from '../components';
import { useConsole, useLoad } from '../context';
import { allPages } from '../lib/api';
import { DataTable } from '../tables';
import { ClaimTable } from './claims-inbox';
import type { ClaimSummary, Loan } from './types';

export function BankPage() {
  const { session, t } = useConsole();
  const loaded = useLoad(
    async () => ({
      loans: await allPages<Loan>(session.api, '/loans?limit=200'),
      claims: await allPages<ClaimSummary>(session.api, '/claims?limit=200'),
    }),
    [],
  );
  return (
    <LoadedPage loaded={loaded}>
      {({ loans, claims }) => (
        <>
          <h2>
            {t('claims')} ({claims.length})
          </h2>
          <div data-testid="bank-claims">
            <ClaimTable claims={claims} links={false} />
          </div>
          <h2>
            {t('loans')} ({loans.length})
          </h2>
          <DataTable
            testId="bank-loans"
            rows={loans}
            rowKey={(l) => l.loanId}
            columns={[
              { head: t('loan'), cell: (l) => l.loanId, className: 'mono' },
              { head: t('reference'), cell: (l) => l.bankReference },
              { head: t('town'), cell: (l) => l.enterprise.townCode },
              { head: t('principal'), fen: (l) => l.principalFen },
              { head: t('outstanding'), fen: (l) => l.outstandingFen },
              { head: t('status'), cell: (l) => l.status, className: 'status' },
            ]}
          />
        </>
      )}
    </LoadedPage>
  );
}
