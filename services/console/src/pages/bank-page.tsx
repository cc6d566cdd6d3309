// A bank's own loans and claims, and the state of each.
import { LoadedView, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import { allPages } from '../lib/api';
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
    <section>
      <LoadedView loaded={loaded}>
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
            <table data-testid="bank-loans">
              <thead>
                <tr>
                  <th>{t('loan')}</th>
                  <th>{t('reference')}</th>
                  <th>{t('town')}</th>
                  <th>{t('principal')}</th>
                  <th>{t('outstanding')}</th>
                  <th>{t('status')}</th>
                </tr>
              </thead>
              <tbody>
                {loans.map((l) => (
                  <tr key={l.loanId}>
                    <td className="mono">{l.loanId}</td>
                    <td>{l.bankReference}</td>
                    <td>{l.enterprise.townCode}</td>
                    <td>
                      <Yuan fen={l.principalFen} />
                    </td>
                    <td>
                      <Yuan fen={l.outstandingFen} />
                    </td>
                    <td className="status">{l.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </LoadedView>
    </section>
  );
}
