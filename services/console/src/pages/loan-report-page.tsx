// The per-loan loss-sharing report from the ledger: basis, each party's share, paid, recovered,
// owed.
import { useState } from 'react';
import { Field, LoadedView, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import type { LoanReport } from './types';

export function LoanReportPage() {
  const { t } = useConsole();
  const [draft, setDraft] = useState('');
  const [loanId, setLoanId] = useState('');
  return (
    <section>
      <h2>{t('nav_loanReport')}</h2>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setLoanId(draft.trim());
        }}
      >
        <Field label={t('loanId')}>
          <input
            data-testid="report-loan-id"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </Field>
        <button type="submit" data-testid="report-show">
          {t('show')}
        </button>
      </form>
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
          <dl className="facts cards">
            <div>
              <dt>{t('basis')}</dt>
              <dd>
                <Yuan fen={report.basisFen} />
              </dd>
            </div>
            <div>
              <dt>{t('paid')}</dt>
              <dd>
                <Yuan fen={report.paidFen} />
              </dd>
            </div>
            <div>
              <dt>{t('recovered')}</dt>
              <dd>
                <Yuan fen={report.recoveredFen} />
              </dd>
            </div>
            <div>
              <dt>{t('owed')}</dt>
              <dd>
                <Yuan fen={report.owedFen} />
              </dd>
            </div>
          </dl>
          <h3>{t('split')}</h3>
          <table>
            <thead>
              <tr>
                <th>{t('party')}</th>
                <th>{t('share')}</th>
              </tr>
            </thead>
            <tbody>
              {report.shares.map((s) => (
                <tr key={s.party}>
                  <td>{s.party}</td>
                  <td>
                    <Yuan fen={s.shareFen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('funds')}</h3>
          <table data-testid="loan-report-funds">
            <thead>
              <tr>
                <th>{t('fund')}</th>
                <th>{t('share')}</th>
                <th>{t('held')}</th>
                <th>{t('paid')}</th>
                <th>{t('recovered')}</th>
                <th>{t('remitted')}</th>
                <th>{t('owed')}</th>
              </tr>
            </thead>
            <tbody>
              {report.funds.map((f) => (
                <tr key={f.fundId} data-fund={f.fundId}>
                  <td>{f.fundId}</td>
                  {[f.shareFen, f.heldFen, f.paidFen, f.recoveredFen, f.remittedFen, f.owedFen].map(
                    (fen, i) => (
                      <td key={i}>
                        <Yuan fen={fen} />
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </LoadedView>
  );
}
