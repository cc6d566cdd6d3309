// One claim as a fund manager sees it, with approve / deny / adjust-basis (and, for the city
// fund's manager, lifting a deferral). Each action asks for a reason and a confirmation.
import { type ReactNode, useState } from 'react';
import {
  ConfirmAction,
  Field,
  LoadedPage,
  Muted,
  ProblemBox,
  useYuanInput,
  Yuan,
  YuanField,
} from '../components';
import { useConsole, useDecisions, useLoad } from '../context';
import { describeActor, describeEntry } from '../lib/claim-history';
import { TEXTS, type TextKey } from '../lib/i18n';
import { formatBp, formatYuan } from '../lib/money';
import { DataTable, Facts } from '../tables';
import type { ClaimDetail } from './types';

export function ClaimPage({ params }: { params: string[] }) {
  const { session, t } = useConsole();
  const claimId = params[0] ?? '';
  const loaded = useLoad(
    () => session.api.get<ClaimDetail>(`/claims/${encodeURIComponent(claimId)}`),
    [claimId],
  );
  return (
    <LoadedPage loaded={loaded}>
      {(claim) => (
        <>
          <h2>
            {t('claim')} #{claim.claimNo}{' '}
            <span className="status" data-testid="claim-status">
              {claim.status}
            </span>
          </h2>
          <button type="button" className="secondary" data-testid="refresh" onClick={loaded.reload}>
            {t('refresh')}
          </button>
          <ClaimFacts claim={claim} />
          <Actions claim={claim} onDone={loaded.reload} />
          <Shares claim={claim} />
          <CoSharers claim={claim} />
          <History claim={claim} />
        </>
      )}
    </LoadedPage>
  );
}

/** Each cap that set the pool, named in the reader's language, with the amount that bit. */
const CAP_LIMIT: Record<string, (claim: ClaimDetail) => string | undefined> = {
  PER_LOAN_CAP: (c) => c.caps.perLoanCapFen,
  PER_BANK_ANNUAL_CAP: (c) => c.caps.annualRemainingFen,
  PORTFOLIO_CAP: (c) => c.caps.portfolioRemainingFen,
};

function capLabel(cap: string): TextKey | undefined {
  const key = `cap_${cap}`;
  return key in TEXTS ? (key as TextKey) : undefined;
}

function ClaimFacts({ claim }: { claim: ClaimDetail }) {
  const { t } = useConsole();
  const caps =
    claim.capsApplied.length === 0
      ? t('noCaps')
      : claim.capsApplied
          .map((c) => {
            const label = capLabel(c);
            const limitFen = CAP_LIMIT[c]?.(claim);
            const name = label === undefined ? c : t(label);
            return limitFen === undefined ? name : `${name} (${formatYuan(limitFen)})`;
          })
          .join('; ');
  const rows: Array<[string, ReactNode]> = [
    [t('loan'), claim.loanId],
    [t('bank'), claim.bankId],
    [t('town'), claim.townCode],
    [t('openedOn'), claim.openedOn],
    [t('principal'), <Yuan key="p" fen={claim.loan?.principalFen} />],
    [t('outstandingAtDefault'), <Yuan key="o" fen={claim.outstandingAtDefaultFen} />],
    ...(claim.netLoss === undefined
      ? []
      : ([
          [t('accruedInterest'), <Yuan key="ai" fen={claim.netLoss.accruedInterestFen} />],
          [t('lossCosts'), <Yuan key="lc" fen={claim.netLoss.costsFen} />],
        ] as Array<[string, ReactNode]>)),
    [t('basis'), <Yuan key="b" fen={claim.basisFen} />],
    [t('rate'), formatBp(claim.rateBp)],
    [t('pool'), <Yuan key="pool" fen={claim.poolFen} />],
    [t('bankShare'), <Yuan key="bs" fen={claim.bankShareFen} />],
    ...(claim.lenderShareFen === undefined
      ? []
      : ([[t('lenderShare'), <Yuan key="ls" fen={claim.lenderShareFen} />]] as Array<
          [string, ReactNode]
        >)),
    [t('capsApplied'), caps],
    [t('policyVersion'), claim.economicPolicyVersionId],
    [t('flags'), (claim.loan?.flags ?? []).join(', ') || '–'],
  ];
  return <Facts testId="claim-facts" facts={rows.map(([label, value]) => ({ label, value }))} />;
}

/** docs/domain.md §8.4: who else bears the loss, and what the lender's minimum took back. */
function CoSharers({ claim }: { claim: ClaimDetail }) {
  const { t } = useConsole();
  const coSharers = claim.coSharerShares ?? [];
  if (coSharers.length === 0) return null;
  const kindLabel = (kind: string): string => {
    const key = `kind_${kind}`;
    return key in TEXTS ? t(key as TextKey) : kind;
  };
  return (
    <>
      <h3>{t('coSharers')}</h3>
      <DataTable
        testId="claim-co-sharers"
        rows={coSharers}
        rowKey={(c) => c.partyId}
        rowData={(c) => ({ 'data-party': c.partyId })}
        columns={[
          { head: t('coSharers'), cell: (c) => c.partyId },
          { head: t('coSharerKind'), cell: (c) => kindLabel(c.kind) },
          { head: t('weight'), cell: (c) => formatBp(c.shareBp) },
          { head: t('share'), fen: (c) => c.shareFen },
          { head: t('cutBack'), fen: (c) => c.cutBackFen },
        ]}
      />
    </>
  );
}

function Shares({ claim }: { claim: ClaimDetail }) {
  const { t } = useConsole();
  return (
    <>
      <h3>{t('split')}</h3>
      <DataTable
        testId="claim-shares"
        rows={claim.shares}
        rowKey={(s) => s.fundId}
        rowData={(s) => ({ 'data-fund': s.fundId })}
        columns={[
          { head: t('fund'), cell: (s) => s.fundId },
          { head: t('weight'), cell: (s) => formatBp(s.weightBp) },
          { head: t('share'), fen: (s) => s.shareFen },
          { head: t('held'), fen: (s) => s.heldFen },
          {
            head: t('queued'),
            cell: (s) => (
              <>
                <Yuan fen={s.queuedFen} />
                {s.queueSeq !== null && ` (#${s.queueSeq})`}
              </>
            ),
          },
          { head: t('paid'), fen: (s) => s.paidFen, className: 'paid' },
          { head: t('approved'), cell: (s) => (s.approved ? `✔ ${s.approvedBy ?? ''}` : '–') },
        ]}
      />
      <p data-testid="claim-approvals">
        {t('approvals')}: {claim.approvals.approved.join(', ') || '–'} / {t('pendingFunds')}:{' '}
        {/* Only an open or deferred claim waits on anyone; a closed one waits on nobody. */}
        {isOpen(claim) ? claim.approvals.pending.join(', ') || '–' : t('claimClosed')}
      </p>
    </>
  );
}

const isOpen = (claim: ClaimDetail) => claim.status === 'OPEN' || claim.status === 'DEFERRED';

function History({ claim }: { claim: ClaimDetail }) {
  const { t, lang } = useConsole();
  return (
    <>
      <h3>{t('history')}</h3>
      <DataTable
        testId="claim-history"
        rows={claim.history}
        rowKey={(h, i) => `${h.at}-${i}`}
        columns={[
          { head: t('time'), time: (h) => h.at },
          { head: t('action'), cell: (h) => h.action },
          { head: t('actor'), cell: (h) => describeActor(lang, h.actor, claim.bankId) },
          {
            head: t('detail'),
            cell: (h) => describeEntry(lang, h, claim.bankId),
            testId: 'history-words',
          },
        ]}
      />
    </>
  );
}

function Actions({ claim, onDone }: { claim: ClaimDetail; onDone: () => void }) {
  const { session, t } = useConsole();
  const path = `/claims/${encodeURIComponent(claim.claimId)}`;
  const { reason, setReason, decide } = useDecisions<'APPROVE' | 'DENY' | 'ADJUST'>(path);
  const basis = useYuanInput(t('newBasisYuan'));
  const [inputError, setInputError] = useState<unknown>(undefined);
  const mine = claim.shares.find((s) => s.fundId === session.scope);
  const reasonField = (
    <Field label={t('reason')}>
      <textarea data-testid="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
    </Field>
  );
  const finished = () => {
    setReason('');
    basis.clear();
    onDone();
  };
  const canDecide = claim.status === 'OPEN' && mine !== undefined && !mine.approved;
  return (
    <div className="actions" data-testid="claim-actions">
      {canDecide && (
        <>
          <ConfirmAction
            label={t('approve')}
            testId="approve"
            fields={reasonField}
            summary={`${t('approve')} ${session.scope ?? ''} ${formatYuan(mine.shareFen)}`}
            onConfirm={() => decide('APPROVE')}
            onDone={finished}
          />
          <ConfirmAction
            label={t('deny')}
            testId="deny"
            fields={reasonField}
            summary={`${t('deny')} #${claim.claimNo}`}
            onConfirm={() => decide('DENY')}
            onDone={finished}
          />
          <ConfirmAction
            label={t('adjust')}
            testId="adjust"
            fields={
              <>
                <YuanField testId="new-basis" {...basis.field} />
                {reasonField}
                <ProblemBox error={inputError} />
              </>
            }
            summary={`${t('adjust')}: ${formatYuan(claim.basisFen)} → ${basis.value}`}
            onConfirm={() => {
              let newBasisFen: string;
              try {
                newBasisFen = basis.fen();
              } catch (error) {
                setInputError(error);
                return Promise.reject(error);
              }
              setInputError(undefined);
              return decide('ADJUST', { newBasisFen });
            }}
            onDone={finished}
          />
        </>
      )}
      {claim.status === 'DEFERRED' &&
        (session.cityManager ? (
          <ConfirmAction
            label={t('liftDeferral')}
            testId="lift-deferral"
            fields={reasonField}
            summary={`${t('liftDeferral')} #${claim.claimNo}`}
            onConfirm={() => session.api.post(`${path}/lift-deferral`, { reason })}
            onDone={finished}
          />
        ) : (
          <Muted>
            {t('liftDeferral')}: {t('cityOnly')}
          </Muted>
        ))}
    </div>
  );
}
