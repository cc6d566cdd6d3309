// A fund manager's claims: waiting for them, deferred by the breaker, waiting on the other fund.
import { LoadedPage, Link } from '../components';
import { useAllPages, useConsole } from '../context';
import type { TextKey } from '../lib/i18n';
import { DataTable } from '../tables';
import type { ClaimSummary } from './types';

type Group = 'inbox_open' | 'inbox_deferred' | 'inbox_waiting' | 'inbox_done';

/** Which box a claim sits in for `fundId`. */
export function boxOf(claim: ClaimSummary, fundId: string | null): Group {
  if (claim.status === 'DEFERRED') return 'inbox_deferred';
  if (claim.status !== 'OPEN') return 'inbox_done';
  const mine = claim.shares.find((s) => s.fundId === fundId);
  return mine !== undefined && mine.approved ? 'inbox_waiting' : 'inbox_open';
}

const GROUPS: readonly Group[] = ['inbox_open', 'inbox_deferred', 'inbox_waiting', 'inbox_done'];

export function ClaimsInbox() {
  const { session, t } = useConsole();
  const loaded = useAllPages<ClaimSummary>('/claims?limit=200');
  return (
    <LoadedPage
      title={
        <>
          {t('nav_inbox')} · {session.scope}
        </>
      }
      top={
        <button type="button" className="secondary" onClick={loaded.reload}>
          {t('refresh')}
        </button>
      }
      loaded={loaded}
    >
      {(claims) => (
        <>
          {GROUPS.map((group) => {
            const mine = claims.filter((c) => boxOf(c, session.scope) === group);
            return (
              <div key={group} data-testid={group}>
                <h3>
                  {t(group as TextKey)} ({mine.length})
                </h3>
                <ClaimTable claims={mine} empty={t('none')} />
              </div>
            );
          })}
        </>
      )}
    </LoadedPage>
  );
}

export function ClaimTable({
  claims,
  links = true,
  empty,
}: {
  claims: ClaimSummary[];
  links?: boolean;
  /** What no claims show in place of the table. */
  empty?: string;
}) {
  const { t } = useConsole();
  return (
    <DataTable
      rows={claims}
      empty={empty}
      rowKey={(c) => c.claimId}
      rowData={(c) => ({ 'data-loan': c.loanId, 'data-claim': c.claimId })}
      columns={[
        {
          head: t('claim'),
          cell: (c) =>
            links ? <Link to={`/claims/${c.claimId}`}>#{c.claimNo}</Link> : `#${c.claimNo}`,
        },
        { head: t('bank'), cell: (c) => c.bankId },
        { head: t('town'), cell: (c) => c.townCode },
        { head: t('openedOn'), cell: (c) => c.openedOn },
        { head: t('basis'), fen: (c) => c.basisFen },
        { head: t('pool'), fen: (c) => c.poolFen },
        { head: t('status'), cell: (c) => c.status, className: 'status' },
        { head: t('pendingFunds'), cell: (c) => c.approvals.pending.join(', ') || '–' },
      ]}
    />
  );
}
