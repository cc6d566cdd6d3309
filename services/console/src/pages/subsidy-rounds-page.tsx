// Interest subsidy rounds (docs/domain.md §9.4): per fund what was requested, granted and lapsed
// (a short fund's money split pro rata), and a manager's approve / return for its own fund.
import { ConfirmAction, LoadedPage, Muted, TextField } from '../components';
import { useAllPages, useConsole, useDecisions } from '../context';
import { DataTable } from '../tables';
import type { SubsidyRound } from './types';

export function SubsidyRoundsPage() {
  const { t } = useConsole();
  const loaded = useAllPages<SubsidyRound>('/subsidy/rounds?limit=200');
  return (
    <LoadedPage title={t('nav_subsidy')} loaded={loaded}>
      {(rounds) =>
        rounds.length === 0 ? (
          <Muted>{t('noRounds')}</Muted>
        ) : (
          <>
            {[...rounds].reverse().map((round) => (
              <RoundCard key={round.roundId} round={round} onDone={loaded.reload} />
            ))}
          </>
        )
      }
    </LoadedPage>
  );
}

function RoundCard({ round, onDone }: { round: SubsidyRound; onDone: () => void }) {
  const { session, t } = useConsole();
  const { reason, setReason, decide } = useDecisions<'APPROVE' | 'RETURN'>(
    `/subsidy/rounds/${encodeURIComponent(round.roundId)}`,
  );
  const mine = round.funds.find((f) => f.fundId === session.scope);
  const canDecide = round.status === 'CLOSED' && mine !== undefined && mine.decision === null;
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
      <DataTable
        testId="round-funds"
        rows={round.funds}
        rowKey={(f) => f.fundId}
        rowData={(f) => ({ 'data-testid': `round-fund-${f.fundId}` })}
        columns={[
          { head: t('fund'), cell: (f) => f.fundId, className: 'mono' },
          { head: t('available'), fen: (f) => f.availableFen },
          { head: t('requested'), fen: (f) => f.requestedFen },
          { head: t('granted'), fen: (f) => f.grantedFen },
          { head: t('lapsed'), fen: (f) => f.lapsedFen },
          { head: t('proRata'), cell: (f) => (f.proRata ? '✓' : '') },
          { head: t('decision'), cell: (f) => f.decision ?? '–', className: 'status' },
        ]}
      />
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
              <TextField
                label={t('reason')}
                testId="subsidy-return-reason"
                value={reason}
                onChange={setReason}
              />
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
