// Statements (docs/domain.md §10): the list in the key's scope (a bank its own, a fund manager its
// fund's, the regulator all), one statement's figures (read from its CSV as issued), its files to
// download and the ledger entries anchoring them.
import { useState } from 'react';
import { LoadedView, Link, ProblemBox, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import { allPages, type Api } from '../lib/api';
import { formatTime, type TextKey } from '../lib/i18n';
import { formatQuantity, statementSections } from '../lib/statement-csv';
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
  const { session, t, lang } = useConsole();
  const [kind, setKind] = useState('');
  const loaded = useLoad(
    () =>
      allPages<StatementSummary>(
        session.api,
        `/statements?limit=200${kind !== '' ? `&kind=${kind}` : ''}`,
      ),
    [kind],
  );
  return (
    <section>
      <h2>{t('nav_statements')}</h2>
      {session.role === 'regulator' && (
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
      )}
      <LoadedView loaded={loaded}>
        {(statements) =>
          statements.length === 0 ? (
            <p className="muted">{t('noStatements')}</p>
          ) : (
            <table data-testid="statements">
              <thead>
                <tr>
                  <th>{t('period')}</th>
                  <th>{t('kind')}</th>
                  <th>{t('subject')}</th>
                  <th>{t('issuedAt')}</th>
                  <th>{t('download')}</th>
                </tr>
              </thead>
              <tbody>
                {statements.map((s) => (
                  <tr key={s.statementId} data-statement={s.statementId}>
                    <td>
                      <Link
                        to={`/statements/${s.statementId}`}
                        testId={`statement-${s.statementId}`}
                      >
                        {s.period}
                      </Link>
                    </td>
                    <td>{t(kindText(s.kind))}</td>
                    <td className="mono">{s.subjectId}</td>
                    <td>{formatTime(lang, s.issuedAt)}</td>
                    <td>
                      <DownloadButtons statementId={s.statementId} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </LoadedView>
    </section>
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
    <section>
      <LoadedView loaded={loaded}>
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
                              {claimStateText(row.openingState)} →{' '}
                              {claimStateText(row.closingState)}
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
            <table data-testid="statement-files">
              <thead>
                <tr>
                  <th>{t('files')}</th>
                  <th>{t('sha256')}</th>
                  <th>{t('bytes')}</th>
                </tr>
              </thead>
              <tbody>
                {s.files.map((f) => (
                  <tr key={f.format}>
                    <td className="mono">{f.fileName}</td>
                    <td className="mono hash">{f.sha256}</td>
                    <td className="num">{f.bytes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('anchors')}</h3>
            {s.anchors.length === 0 ? (
              <p className="muted">{t('anchorsPending')}</p>
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
            <p className="muted">{t('statementVerifyNote')}</p>
          </>
        )}
      </LoadedView>
    </section>
  );
}
