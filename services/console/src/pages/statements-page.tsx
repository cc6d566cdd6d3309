// Statements (docs/domain.md §10): the list in the key's scope (a bank its own, a fund manager its
// fund's, the regulator all), one statement's figures (read from its CSV as issued), its files to
// download and the ledger entries anchoring them.
import { useState } from 'react';
import { LoadedPage, Link, Muted, ProblemBox, Yuan } from '../components';
import { useAllPages, useConsole, useLoad } from '../context';
import type { Api } from '../lib/api';
import { formatTime, type TextKey } from '../lib/i18n';
import { formatQuantity, statementSections } from '../lib/statement-csv';
import { DataTable } from '../tables';
import type { StatementDetail, StatementSummary } from './types';

const FORMATS = ['csv', 'pdf-zh-CN', 'pdf-en'] as const;

function kindText(kind: string): TextKey {
  return `statementKind_${kind}` as TextKey;
}

/** Fetches a file with the key (a plain link would carry none) and hands it to the browser. */
async function saveFile(api: Api, statementId: string, format: string): Promise<void> {
  const { blob, fileName } = await api.file(
    `/statements/${encodeURIComponent(statementId)}/files/${format}`,
  );
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function DownloadButtons({ statementId }: { statementId: string }) {
  const { session, t } = useConsole();
  const [error, setError] = useState<unknown>(undefined);
  return (
    <>
      {FORMATS.map((format) => (
        <button
          key={format}
          type="button"
          className="secondary"
          data-testid={`download-${format}`}
          onClick={() => {
            setError(undefined);
            saveFile(session.api, statementId, format).catch(setError);
          }}
        >
          {t(`format_${format}` as TextKey)}
        </button>
      ))}
      <ProblemBox error={error} />
    </>
  );
}

export function StatementsPage() {
  const { session, t } = useConsole();
  const [kind, setKind] = useState('');
  const loaded = useAllPages<StatementSummary>(
    `/statements?limit=200${kind !== '' ? `&kind=${kind}` : ''}`,
  );
  return (
    <LoadedPage
      title={t('nav_statements')}
      top={
        session.role === 'regulator' && (
          <div className="filters">
            <select
              data-testid="statement-kind"
              value={kind}
              onChange={(e) => setKind(e.target.value)}
            >
              <option value="">{t('allKinds')}</option>
              <option value="programme">{t('kind_programme')}</option>
              <option value="fund">{t('kind_fund')}</option>
              <option value="bank">{t('kind_bank')}</option>
            </select>
          </div>
        )
      }
      loaded={loaded}
    >
      {(statements) => (
        <DataTable
          testId="statements"
          rows={statements}
          rowKey={(s) => s.statementId}
          rowData={(s) => ({ 'data-statement': s.statementId })}
          empty={t('noStatements')}
          columns={[
            {
              head: t('period'),
              cell: (s) => (
                <Link to={`/statements/${s.statementId}`} testId={`statement-${s.statementId}`}>
                  {s.period}
                </Link>
              ),
            },
            { head: t('kind'), cell: (s) => t(kindText(s.kind)) },
            { head: t('subject'), cell: (s) => s.subjectId, className: 'mono' },
            { head: t('issuedAt'), time: (s) => s.issuedAt },
            {
              head: t('download'),
              cell: (s) => <DownloadButtons statementId={s.statementId} />,
            },
          ]}
        />
      )}
    </LoadedPage>
  );
}

export function StatementPage({ params }: { params: string[] }) {
  const { session, t, lang } = useConsole();
  /** A claim's state in the reader's language (ADR 0019); `—` before the claim was booked. */
  const claimStateText = (state: string | null) =>
    state === null ? '—' : t(`claimState_${state}` as TextKey);
  const statementId = params[0] ?? '';
  const loaded = useLoad(async () => {
    const id = encodeURIComponent(statementId);
    const statement = await session.api.get<StatementDetail>(`/statements/${id}`);
    const csv = await session.api.file(`/statements/${id}/files/csv`);
    return { statement, csv: await csv.blob.text() };
  }, [statementId]);
  return (
    <LoadedPage loaded={loaded}>
      {({ statement: s, csv }) => (
        <>
          <h2 data-testid="statement-title">
            {t(kindText(s.kind))} · {s.subjectId} · {s.period}
          </h2>
          <dl className="facts" data-testid="statement-facts">
            <dt>{t('statement')}</dt>
            <dd className="mono">{s.statementId}</dd>
            <dt>{t('journalRange')}</dt>
            <dd>
              {(BigInt(s.openingSeq) + 1n).toString()} – {s.closingSeq}
            </dd>
            <dt>{t('issuedAt')}</dt>
            <dd>{formatTime(lang, s.issuedAt)}</dd>
          </dl>
          <div className="buttons">
            <DownloadButtons statementId={s.statementId} />
          </div>
          <h3>{t('figures')}</h3>
          <div data-testid="statement-figures">
            {statementSections(csv, lang).map((section) => (
              <table key={section.title} className="statement-section">
                <thead>
                  <tr>
                    <th colSpan={2}>{section.title}</th>
                  </tr>
                </thead>
                <tbody>
                  {section.rows.map((row) => (
                    <tr key={row.label}>
                      <td>{row.label}</td>
                      <td className="num">
                        {'amountFen' in row ? (
                          <Yuan fen={row.amountFen} />
                        ) : 'closingState' in row ? (
                          <span className="claim-states" data-testid="claim-states">
                            {claimStateText(row.openingState)} → {claimStateText(row.closingState)}
                          </span>
                        ) : (
                          <span className="quantity">{formatQuantity(row)}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
          <h3>{t('files')}</h3>
          <DataTable
            testId="statement-files"
            rows={s.files}
            rowKey={(f) => f.format}
            columns={[
              { head: t('files'), cell: (f) => f.fileName, className: 'mono' },
              { head: t('sha256'), cell: (f) => f.sha256, className: 'mono hash' },
              { head: t('bytes'), cell: (f) => f.bytes, className: 'num' },
            ]}
          />
          <h3>{t('anchors')}</h3>
          {s.anchors.length === 0 ? (
            <Muted>{t('anchorsPending')}</Muted>
          ) : (
            <ul data-testid="statement-anchors">
              {s.anchors.map((a) => (
                <li key={a.seq}>
                  {session.role === 'regulator' ? (
                    <Link to={`/ledger/${a.seq}`}>#{a.seq}</Link>
                  ) : (
                    <>#{a.seq}</>
                  )}{' '}
                  <span className="mono">{a.documentName}</span>
                </li>
              ))}
            </ul>
          )}
          <Muted>{t('statementVerifyNote')}</Muted>
        </>
      )}
    </LoadedPage>
  );
}
