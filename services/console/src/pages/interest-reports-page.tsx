// A bank's interest reports (docs/domain.md §9.2): the subsidy each requested, and once its round
// closed, what each subsidy fund granted.
import { LoadedView, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import { allPages } from '../lib/api';
import type { InterestReport } from './types';

export function InterestReportsPage() {
  const { session, t } = useConsole();
  const loaded = useLoad(
    () => allPages<InterestReport>(session.api, '/subsidy/interest-reports?limit=200'),
    [],
  );
  return (
    <section>
      <h2>{t('nav_interestReports')}</h2>
      <LoadedView loaded={loaded}>
        {(reports) => (
          <table data-testid="interest-reports">
            <thead>
              <tr>
                <th>{t('loan')}</th>
                <th>{t('period')}</th>
                <th>{t('interestPaid')}</th>
                <th>{t('subsidyRequested')}</th>
                <th>{t('granted')}</th>
                <th>{t('round')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => {
                const granted = r.shares.every((s) => s.grantedFen !== null)
                  ? r.shares.reduce((sum, s) => sum + BigInt(s.grantedFen ?? '0'), 0n).toString()
                  : null;
                return (
                  <tr key={r.reportId}>
                    <td className="mono">{r.loanId}</td>
                    <td>
                      {r.periodStart} – {r.periodEnd}
                    </td>
                    <td>
                      <Yuan fen={r.interestPaidFen} />
                    </td>
                    <td>
                      <Yuan fen={r.requestedFen} />
                    </td>
                    <td>{granted === null ? '–' : <Yuan fen={granted} />}</td>
                    <td className="mono">{r.roundId ?? '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </LoadedView>
    </section>
  );
}
