// Interest subsidy rounds (docs/domain.md §9.4): per fund what was requested, granted and lapsed
// (a short fund's money split pro rata), and a manager's approve / return for its own fund.
import { useState } from 'react';
import { ConfirmAction, Field, LoadedView, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import { allPages } from '../lib/api';
import type { SubsidyRound } from './types';

export function SubsidyRoundsPage() {
  const { session, t } = useConsole();
  const loaded = useLoad(
    () => allPages<SubsidyRound>(session.api, '/subsidy/rounds?limit=200'),
    [],
  );
  return (
    <section>
      <h2>{t('nav_subsidy')}</h2>
      <LoadedView loaded={loaded}>
        {(rounds) =>
          rounds.length === 0 ? (
            <p className="muted">{t('noRounds')}</p>
          ) : (
            <>
              {[...rounds].reverse().map((round) => (
                <RoundCard key={round.roundId} round={round} onDone={loaded.reload} />
              ))}
            </>
          )
        }
      </LoadedView>
    </section>
  );
}

function RoundCard({ round, onDone }: { round: SubsidyRound; onDone: () => void }) {
  const { session, t } = useConsole();
  const [reason, setReason] = useState('');
  const mine = round.funds.find((f) => f.fundId === session.scope);
  const canDecide = round.status === 'CLOSED' && mine !== undefined && mine.decision === null;
  const decide = (decision: 'APPROVE' | 'RETURN') =>
    session.api.post(`/subsidy/rounds/${encodeURIComponent(round.roundId)}/decisions`, {
      decision,
      ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
    });
  const finished = () => {
    setReason('');
    onDone();
  };
  return (
    <article className="card" data-testid={`subsidy-round-${round.roundId}`}>
      <h3>
        {t('subsidyRound')} {round.from} – {round.to}{' '}
        <span className="status" data-testid="round-status">
          {round.status}
        </span>
      </h3>
      <p className="muted mono">{round.roundId}</p>
      <table data-testid="round-funds">
        <thead>
          <tr>
            <th>{t('fund')}</th>
            <th>{t('available')}</th>
            <th>{t('requested')}</th>
            <th>{t('granted')}</th>
            <th>{t('lapsed')}</th>
            <th>{t('proRata')}</th>
            <th>{t('decision')}</th>
          </tr>
        </thead>
        <tbody>
          {round.funds.map((f) => (
            <tr key={f.fundId} data-testid={`round-fund-${f.fundId}`}>
              <td className="mono">{f.fundId}</td>
              <td>
                <Yuan fen={f.availableFen} />
              </td>
              <td>
                <Yuan fen={f.requestedFen} />
              </td>
              <td>
                <Yuan fen={f.grantedFen} />
              </td>
              <td>
                <Yuan fen={f.lapsedFen} />
              </td>
              <td>{f.proRata ? '✓' : ''}</td>
              <td className="status">{f.decision ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canDecide && (
        <div className="actions">
          <ConfirmAction
            label={t('approve')}
            testId="subsidy-approve"
            fields={null}
            summary={`${t('approve')} ${session.scope ?? ''}`}
            onConfirm={() => decide('APPROVE')}
            onDone={finished}
          />
          <ConfirmAction
            label={t('returnRound')}
            testId="subsidy-return"
            fields={
              <Field label={t('reason')}>
                <input
                  data-testid="subsidy-return-reason"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </Field>
            }
            summary={`${t('returnRound')} ${round.from} – ${round.to}`}
            onConfirm={() => decide('RETURN')}
            onDone={finished}
          />
        </div>
      )}
    </article>
  );
}
