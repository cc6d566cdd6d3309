// One claim as a fund manager sees it, with approve / deny / adjust-basis (and, for the city
// fund's manager, lifting a deferral). Each action asks for a reason and a confirmation.
import { type ReactNode, useState } from 'react';
import { ConfirmAction, Field, LoadedView, ProblemBox, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import { formatBp, formatYuan, parseYuan } from '../lib/money';
import type { ClaimDetail } from './types';

export function ClaimPage({ params }: { params: string[] }) {
  const { session, t } = useConsole();
  const claimId = params[0] ?? '';
  const loaded = useLoad(
    () => session.api.get<ClaimDetail>(`/claims/${encodeURIComponent(claimId)}`),
    [claimId],
  );
  return (
    <section>
      <LoadedView loaded={loaded}>
        {(claim) => (
          <>
            <h2>
              {t('claim')} #{claim.claimNo}{' '}
              <span className="status" data-testid="claim-status">
                {claim.status}
              </span>
            </h2>
            <button
              type="button"
              className="secondary"
              data-testid="refresh"
              onClick={loaded.reload}
            >
              {t('refresh')}
            </button>
            <ClaimFacts claim={claim} />
            <Actions claim={claim} onDone={loaded.reload} />
            <Shares claim={claim} />
            <History claim={claim} />
          </>
        )}
      </LoadedView>
    </section>
  );
}

function ClaimFacts({ claim }: { claim: ClaimDetail }) {
  const { t } = useConsole();
  const caps =
    claim.capsApplied.length === 0
      ? t('noCaps')
      : claim.capsApplied
          .map((c) =>
            c.toLowerCase().includes('loan')
              ? `${c} (${formatYuan(claim.caps.perLoanCapFen)})`
              : c.toLowerCase().includes('annual')
                ? `${c} (${formatYuan(claim.caps.annualRemainingFen)})`
                : c,
          )
          .join('; ');
  const rows: Array<[string, ReactNode]> = [
    [t('loan'), claim.loanId],
    [t('bank'), claim.bankId],
    [t('town'), claim.townCode],
    [t('openedOn'), claim.openedOn],
    [t('principal'), <Yuan key="p" fen={claim.loan?.principalFen} />],
    [t('outstandingAtDefault'), <Yuan key="o" fen={claim.outstandingAtDefaultFen} />],
    [t('basis'), <Yuan key="b" fen={claim.basisFen} />],
    [t('rate'), formatBp(claim.rateBp)],
    [t('pool'), <Yuan key="pool" fen={claim.poolFen} />],
    [t('bankShare'), <Yuan key="bs" fen={claim.bankShareFen} />],
    [t('capsApplied'), caps],
    [t('policyVersion'), claim.economicPolicyVersionId],
    [t('flags'), (claim.loan?.flags ?? []).join(', ') || '–'],
  ];
  return (
    <dl className="facts" data-testid="claim-facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Shares({ claim }: { claim: ClaimDetail }) {
  const { t } = useConsole();
  return (
    <>
      <h3>{t('split')}</h3>
      <table data-testid="claim-shares">
        <thead>
          <tr>
            <th>{t('fund')}</th>
            <th>{t('weight')}</th>
            <th>{t('share')}</th>
            <th>{t('held')}</th>
            <th>{t('queued')}</th>
            <th>{t('paid')}</th>
            <th>{t('approved')}</th>
          </tr>
        </thead>
        <tbody>
          {claim.shares.map((s) => (
            <tr key={s.fundId} data-fund={s.fundId}>
              <td>{s.fundId}</td>
              <td>{formatBp(s.weightBp)}</td>
              <td>
                <Yuan fen={s.shareFen} />
              </td>
              <td>
                <Yuan fen={s.heldFen} />
              </td>
              <td>
                <Yuan fen={s.queuedFen} />
                {s.queueSeq !== null && ` (#${s.queueSeq})`}
              </td>
              <td className="paid">
                <Yuan fen={s.paidFen} />
              </td>
              <td>{s.approved ? `✔ ${s.approvedBy ?? ''}` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('approvals')}: {claim.approvals.approved.join(', ') || '–'} / {t('pendingFunds')}:{' '}
        {claim.approvals.pending.join(', ') || '–'}
      </p>
    </>
  );
}

function History({ claim }: { claim: ClaimDetail }) {
  const { t, lang } = useConsole();
  return (
    <>
      <h3>{t('history')}</h3>
      <table data-testid="claim-history">
        <thead>
          <tr>
            <th>{t('time')}</th>
            <th>{t('action')}</th>
            <th>{t('actor')}</th>
            <th>{t('detail')}</th>
          </tr>
        </thead>
        <tbody>
          {claim.history.map((h, i) => (
            <tr key={`${h.at}-${i}`}>
              <td>{new Date(h.at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN')}</td>
              <td>{h.action}</td>
              <td>{h.actor}</td>
              <td className="mono">{JSON.stringify(h.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Actions({ claim, onDone }: { claim: ClaimDetail; onDone: () => void }) {
  const { session, t } = useConsole();
  const [reason, setReason] = useState('');
  const [basisYuan, setBasisYuan] = useState('');
  const [inputError, setInputError] = useState<unknown>(undefined);
  const mine = claim.shares.find((s) => s.fundId === session.scope);
  const path = `/claims/${encodeURIComponent(claim.claimId)}`;
  const reasonField = (
    <Field label={t('reason')}>
      <textarea data-testid="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
    </Field>
  );
  const withReason = reason.trim() === '' ? {} : { reason: reason.trim() };
  const decide = (decision: 'APPROVE' | 'DENY' | 'ADJUST', extra: object = {}) =>
    session.api.post(`${path}/decisions`, { decision, ...withReason, ...extra });
  const finished = () => {
    setReason('');
    setBasisYuan('');
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
                <Field label={t('newBasisYuan')}>
                  <input
                    data-testid="new-basis"
                    inputMode="decimal"
                    value={basisYuan}
                    onChange={(e) => setBasisYuan(e.target.value)}
                  />
                </Field>
                {reasonField}
                <ProblemBox error={inputError} />
              </>
            }
            summary={`${t('adjust')}: ${formatYuan(claim.basisFen)} → ${basisYuan}`}
            onConfirm={() => {
              const parsed = parseYuan(basisYuan);
              if (!parsed.ok) {
                const error = new Error(`${t('newBasisYuan')}: ${basisYuan || '–'}`);
                setInputError(error);
                return Promise.reject(error);
              }
              setInputError(undefined);
              return decide('ADJUST', { newBasisFen: parsed.fen });
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
          <p className="muted">
            {t('liftDeferral')}: {t('cityOnly')}
          </p>
        ))}
    </div>
  );
}
