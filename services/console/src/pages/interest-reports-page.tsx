// A bank's interest reports (docs/domain.md §9.2): the subsidy each requested, and once its round
// closed, what each subsidy fund granted.
import { LoadedPage, Yuan } from '../components';
import { useAllPages, useConsole } from '../context';
import { DataTable } from '../tables';
import type { InterestReport } from './types';

export function InterestReportsPage() {
  const { t } = useConsole();
  const loaded = useAllPages<InterestReport>('/subsidy/interest-reports?limit=200');
  return (
    <LoadedPage title={t('nav_interestReports')} loaded={loaded}>
      {(reports) => (
        <DataTable
          testId="interest-reports"
          rows={reports}
          rowKey={(r) => r.reportId}
          columns={[
            { head: t('loan'), cell: (r) => r.loanId, className: 'mono' },
            { head: t('period'), cell: (r) => `${r.periodStart} – ${r.periodEnd}` },
            { head: t('interestPaid'), fen: (r) => r.interestPaidFen },
            { head: t('subsidyRequested'), fen: (r) => r.requestedFen },
            { head: t('granted'), cell: (r) => grantedOf(r) },
            { head: t('round'), cell: (r) => r.roundId ?? '–', className: 'mono' },
          ]}
        />
      )}
    </LoadedPage>
  );
}

/** What the funds granted, once every fund decided; `–` before. */
function grantedOf(report: InterestReport) {
  if (!report.shares.every((s) => s.grantedFen !== null)) return '–';
  const fen = report.shares.reduce((sum, s) => sum + BigInt(s.grantedFen ?? '0'), 0n);
  return <Yuan fen={fen.toString()} />;
}
