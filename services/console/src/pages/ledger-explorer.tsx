// The regulator's ledger explorer: filters, pages (cursor by seq), and a link to each entry.
import { useState } from 'react';
import { Field, FilterForm, LoadedPage, Link, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import type { Page } from '../lib/api';
import { instantOfLocalTime } from '../lib/i18n';
import { DataTable } from '../tables';
import type { LedgerEntry } from './types';

interface Filters {
  account: string;
  loan: string;
  claim: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { account: '', loan: '', claim: '', from: '', to: '' };
const PAGE_SIZE = 20;

export function LedgerExplorer() {
  const { session, t } = useConsole();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  // Cursors of the pages seen so far: the last one is the current page's (null: the first page).
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const loaded = useLoad(() => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor !== null) query.set('cursor', cursor);
    for (const [name, value] of Object.entries(filters)) {
      if (value.trim() === '') continue;
      const isTime = name === 'from' || name === 'to';
      query.set(name, isTime ? instantOfLocalTime(value) : value.trim());
    }
    return session.api.get<Page<LedgerEntry>>(`/ledger/entries?${query.toString()}`);
  }, [filters, cursor]);

  const input = (name: keyof Filters, type = 'text') => (
    <input
      type={type}
      data-testid={`filter-${name}`}
      value={draft[name]}
      onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
    />
  );
  return (
    <LoadedPage
      title={t('nav_ledger')}
      top={
        <FilterForm
          onSubmit={() => {
            setFilters(draft);
            setCursors([null]);
          }}
          submitLabel={t('search')}
          submitTestId="filter-search"
        >
          <Field label={t('account')}>{input('account')}</Field>
          <Field label={t('loanId')}>{input('loan')}</Field>
          <Field label={t('claim')}>{input('claim')}</Field>
          <Field label={t('from')}>{input('from', 'datetime-local')}</Field>
          <Field label={t('to')}>{input('to', 'datetime-local')}</Field>
        </FilterForm>
      }
      loaded={loaded}
    >
      {(page) => (
        <>
          <DataTable
            testId="ledger-entries"
            rows={page.items}
            rowKey={(e) => e.seq}
            rowData={(e) => ({ 'data-seq': e.seq, 'data-event-type': e.eventType })}
            columns={[
              {
                head: t('seq'),
                cell: (e) => (
                  <Link to={`/ledger/${e.seq}`} testId={`entry-${e.seq}`}>
                    {e.seq}
                  </Link>
                ),
              },
              { head: t('time'), time: (e) => e.recordedAt },
              { head: t('eventType'), cell: (e) => e.eventType },
              { head: t('kind'), cell: (e) => e.kind },
              {
                head: t('postings'),
                cell: (e) =>
                  e.postings.map((p, i) => (
                    <div key={i} className="posting">
                      {p.side === 'DEBIT' ? t('debit') : t('credit')} {p.account}{' '}
                      <Yuan fen={p.amountFen} />
                    </div>
                  )),
              },
            ]}
          />
          <div className="buttons">
            <button
              type="button"
              className="secondary"
              disabled={cursors.length === 1}
              onClick={() => setCursors(cursors.slice(0, -1))}
            >
              {t('prevPage')}
            </button>
            <button
              type="button"
              data-testid="next-page"
              disabled={page.nextCursor === null}
              onClick={() => page.nextCursor !== null && setCursors([...cursors, page.nextCursor])}
            >
              {t('nextPage')}
            </button>
          </div>
        </>
      )}
    </LoadedPage>
  );
}
