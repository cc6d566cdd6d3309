// A fund manager's fund: available, held, queued (in order) and its deposits, with a deposit form.
import { useState } from 'react';
import { ConfirmAction, Field, LoadedView, Link, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import { allPages, Page } from '../lib/api';
import { formatTime } from '../lib/i18n';
import { formatYuan, parseYuan } from '../lib/money';
import type { Deposit, Fund, LedgerEntry } from './types';

export function FundPage() {
  const { session, t, lang } = useConsole();
  const fundId = session.scope ?? '';
  const loaded = useLoad(async () => {
    const funds = await session.api.get<Page<Fund>>('/funds');
    const entries = await allPages<LedgerEntry>(session.api, '/ledger/entries?limit=500');
    return {
      fund: funds.items.find((f) => f.fundId === fundId),
      deposits: entries.filter((e) => e.eventType.includes('deposit')),
    };
  }, [fundId]);
  return (
    <section>
      <LoadedView loaded={loaded}>
        {({ fund, deposits }) =>
          fund === undefined ? (
            <p>{t('none')}</p>
          ) : (
            <>
              <h2>
                {fund.name} ({fund.fundId})
              </h2>
              <dl className="facts cards" data-testid="fund-balances">
                <div>
                  <dt>{t('available')}</dt>
                  <dd data-testid="fund-available">
                    <Yuan fen={fund.availableFen} />
                  </dd>
                </div>
                <div>
                  <dt>{t('held')}</dt>
                  <dd>
                    <Yuan fen={fund.heldFen} />
                  </dd>
                </div>
                <div>
                  <dt>{t('queued')}</dt>
                  <dd>
                    <Yuan fen={fund.queuedFen} />
                  </dd>
                </div>
                <div>
                  <dt>{t('deposited')}</dt>
                  <dd>
                    <Yuan fen={fund.depositedFen} />
                  </dd>
                </div>
              </dl>
              <DepositForm fundId={fund.fundId} onDone={loaded.reload} />
              <h3>{t('queue')}</h3>
              {fund.queue.length === 0 ? (
                <p className="muted">{t('none')}</p>
              ) : (
                <table data-testid="fund-queue">
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>{t('claim')}</th>
                      <th>{t('loan')}</th>
                      <th>{t('queued')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {fund.queue.map((q) => (
                      <tr key={q.seq}>
                        <td>{q.seq}</td>
                        <td>
                          <Link to={`/claims/${q.claimId}`}>{q.claimId}</Link>
                        </td>
                        <td>{q.loanId}</td>
                        <td>
                          <Yuan fen={q.amountFen} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h3>{t('deposits')}</h3>
              <table data-testid="fund-deposits">
                <thead>
                  <tr>
                    <th>{t('seq')}</th>
                    <th>{t('time')}</th>
                    <th>{t('deposit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {deposits.map((e) => (
                    <tr key={e.seq}>
                      <td>{e.seq}</td>
                      <td>{formatTime(lang, e.recordedAt)}</td>
                      <td>
                        <Yuan fen={e.postings[0]?.amountFen} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </LoadedView>
    </section>
  );
}

function DepositForm({ fundId, onDone }: { fundId: string; onDone: () => void }) {
  const { session, t } = useConsole();
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const parsed = parseYuan(amount);
  return (
    <div className="actions">
      <ConfirmAction
        label={t('deposit')}
        testId="deposit"
        fields={
          <>
            <Field label={t('amountYuan')}>
              <input
                data-testid="deposit-amount"
                inputMode="decimal"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
              />
            </Field>
            <Field label={t('reference')}>
              <input value={reference} onChange={(e) => setReference(e.target.value)} />
            </Field>
          </>
        }
        summary={`${t('deposit')} ${parsed.ok ? formatYuan(parsed.fen) : amount} → ${fundId}`}
        onConfirm={async () => {
          if (!parsed.ok) throw new Error(`${t('amountYuan')}: ${amount || '–'}`);
          const deposit = await session.api.post<Deposit>(
            `/funds/${encodeURIComponent(fundId)}/deposits`,
            { amountFen: parsed.fen, ...(reference.trim() ? { reference: reference.trim() } : {}) },
          );
          setResult(deposit.availableAfterFen);
        }}
        onDone={() => {
          setAmount('');
          setReference('');
          onDone();
        }}
      />
      {result !== null && (
        <p data-testid="deposit-result">
          {t('done')} · {t('availableAfter')}: <Yuan fen={result} />
        </p>
      )}
    </div>
  );
}
