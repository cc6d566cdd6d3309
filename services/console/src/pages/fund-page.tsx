// A fund manager's fund: available, held, queued (in order) and its deposits, with a deposit form.
import { useState } from 'react';
import {
  ConfirmAction,
  LoadedPage,
  Link,
  TextField,
  useYuanInput,
  Yuan,
  YuanField,
} from '../components';
import { useConsole, useLoad } from '../context';
import { allPages, Page } from '../lib/api';
import { formatYuan } from '../lib/money';
import { DataTable, Facts } from '../tables';
import type { Deposit, Fund, LedgerEntry } from './types';

export function FundPage() {
  const { session, t } = useConsole();
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
    <LoadedPage loaded={loaded}>
      {({ fund, deposits }) =>
        fund === undefined ? (
          <p>{t('none')}</p>
        ) : (
          <>
            <h2>
              {fund.name} ({fund.fundId})
            </h2>
            <Facts
              className="facts cards"
              testId="fund-balances"
              facts={[
                { label: t('available'), fen: fund.availableFen, testId: 'fund-available' },
                { label: t('held'), fen: fund.heldFen },
                { label: t('queued'), fen: fund.queuedFen },
                { label: t('deposited'), fen: fund.depositedFen },
              ]}
            />
            <DepositForm fundId={fund.fundId} onDone={loaded.reload} />
            <h3>{t('queue')}</h3>
            <DataTable
              testId="fund-queue"
              rows={fund.queue}
              rowKey={(q) => q.seq}
              empty={t('none')}
              columns={[
                { head: '#', cell: (q) => q.seq },
                {
                  head: t('claim'),
                  cell: (q) => <Link to={`/claims/${q.claimId}`}>{q.claimId}</Link>,
                },
                { head: t('loan'), cell: (q) => q.loanId },
                { head: t('queued'), fen: (q) => q.amountFen },
              ]}
            />
            <h3>{t('deposits')}</h3>
            <DataTable
              testId="fund-deposits"
              rows={deposits}
              rowKey={(e) => e.seq}
              columns={[
                { head: t('seq'), cell: (e) => e.seq },
                { head: t('time'), time: (e) => e.recordedAt },
                { head: t('deposit'), fen: (e) => e.postings[0]?.amountFen },
              ]}
            />
          </>
        )
      }
    </LoadedPage>
  );
}

function DepositForm({ fundId, onDone }: { fundId: string; onDone: () => void }) {
  const { session, t } = useConsole();
  const amount = useYuanInput(t('amountYuan'));
  const [reference, setReference] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const shown = amount.parsed.ok ? formatYuan(amount.parsed.fen) : amount.value;
  return (
    <div className="actions">
      <ConfirmAction
        label={t('deposit')}
        testId="deposit"
        fields={
          <>
            <YuanField testId="deposit-amount" {...amount.field} />
            <TextField label={t('reference')} value={reference} onChange={setReference} />
          </>
        }
        summary={`${t('deposit')} ${shown} → ${fundId}`}
        onConfirm={async () => {
          const amountFen = amount.fen();
          const deposit = await session.api.post<Deposit>(
            `/funds/${encodeURIComponent(fundId)}/deposits`,
            { amountFen, ...(reference.trim() ? { reference: reference.trim() } : {}) },
          );
          setResult(deposit.availableAfterFen);
        }}
        onDone={() => {
          amount.clear();
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
