// The per-loan loss-sharing report from the ledger: basis, each party's share, paid, recovered,
// owed.
import { useState } from 'react';
import { FilterForm, LoadedView, TextField } from '../components';
import { useConsole, useLoad } from '../context';
import { DataTable, Facts } from '../tables';
import type { LoanReport } from './types';

export function LoanReportPage() {
  const { t } = useConsole();
  const [draft, setDraft] = useState('');
  const [loanId, setLoanId] = useState('');
  return (
    <section>
      <h2>{t('nav_loanReport')}</h2>
      <FilterForm
        onSubmit={() => setLoanId(draft.trim())}
        submitLabel={t('show')}
        submitTestId="report-show"
      >
        <TextField label={t('loanId')} testId="report-loan-id" value={draft} onChange={setDraft} />
      </FilterForm>
      {loanId !== '' && <Report key={loanId} loanId={loanId} />}
    </section>
  );
}

function Report({ loanId }: { loanId: string }) {
  const { session, t } = useConsole();
  const loaded = useLoad(
    () => session.api.get<LoanReport>(`/reports/loans/${encodeURIComponent(loanId)}`),
    [loanId],
  );
  return (
    <LoadedView loaded={loaded}>
      {(report) => (
        <div data-testid="loan-report">
          <Facts
            className="facts cards"
            facts={[
              { label: t('basis'), fen: report.basisFen },
              { label: t('paid'), fen: report.paidFen },
              { label: t('recovered'), fen: report.recoveredFen },
              { label: t('owed'), fen: report.owedFen },
            ]}
          />
          <h3>{t('split')}</h3>
          <DataTable
            rows={report.shares}
            rowKey={(s) => s.party}
            columns={[
              { head: t('party'), cell: (s) => s.party },
              { head: t('share'), fen: (s) => s.shareFen },
            ]}
          />
          <h3>{t('funds')}</h3>
          <DataTable
            testId="loan-report-funds"
            rows={report.funds}
            rowKey={(f) => f.fundId}
            rowData={(f) => ({ 'data-fund': f.fundId })}
            columns={[
              { head: t('fund'), cell: (f) => f.fundId },
              { head: t('share'), fen: (f) => f.shareFen },
              { head: t('held'), fen: (f) => f.heldFen },
              { head: t('paid'), fen: (f) => f.paidFen },
              { head: t('recovered'), fen: (f) => f.recoveredFen },
              { head: t('remitted'), fen: (f) => f.remittedFen },
              { head: t('owed'), fen: (f) => f.owedFen },
            ]}
          />
        </div>
      )}
    </LoadedView>
  );
}
