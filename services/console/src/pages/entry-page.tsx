// One ledger entry: its postings and the ids that caused it, and verification in the browser.
import { useState } from 'react';
import { LoadedPage, ProblemBox, Yuan } from '../components';
import { useConsole, useLoad } from '../context';
import type { Page } from '../lib/api';
import { formatTime, type TextKey } from '../lib/i18n';
import {
  type InclusionProofJson,
  type LedgerPublicKeyJson,
  type Verification,
  verifyEntry,
} from '../lib/verify-entry';

/**
 * The key id the regulator pinned, kept in the page's memory only (like the API key) for the
 * entries verified after it. It must come from the regulator, never from the API being checked.
 */
let pinnedKeyId = '';
import { DataTable, Facts } from '../tables';
import type { LedgerEntry } from './types';

export function EntryPage({ params }: { params: string[] }) {
  const { session, t, lang } = useConsole();
  const seq = params[0] ?? '1';
  const loaded = useLoad(async () => {
    const page = await session.api.get<Page<LedgerEntry>>(
      `/ledger/entries?fromSeq=${encodeURIComponent(seq)}&limit=1`,
    );
    const entry = page.items[0];
    if (entry === undefined || entry.seq !== seq) throw new Error(`${t('notFound')}: ${seq}`);
    return entry;
  }, [seq]);
  return (
    <LoadedPage loaded={loaded}>
      {(entry) => (
        <>
          <h2>
            {t('entry')} #{entry.seq}
          </h2>
          <Facts
            testId="entry-facts"
            facts={(
              [
                ['eventType', entry.eventType],
                ['kind', entry.kind],
                ['time', formatTime(lang, entry.recordedAt)],
                ['eventId', entry.eventId],
                ['claim', entry.claimId ?? '–'],
                ['loanId', entry.loanId ?? '–'],
                ['policyVersion', entry.policyVersion ?? '–'],
              ] as Array<[TextKey, string]>
            ).map(([label, value]) => ({ label: t(label), value, className: 'mono' }))}
          />
          <h3>{t('postings')}</h3>
          <DataTable
            testId="entry-postings"
            rows={entry.postings}
            rowKey={(_, i) => i}
            columns={[
              { head: t('account'), cell: (p) => p.account, className: 'mono' },
              {
                head: t('debit'),
                cell: (p) => (p.side === 'DEBIT' ? <Yuan fen={p.amountFen} /> : ''),
              },
              {
                head: t('credit'),
                cell: (p) => (p.side === 'CREDIT' ? <Yuan fen={p.amountFen} /> : ''),
              },
            ]}
          />
          <VerifyPanel entry={entry} />
        </>
      )}
    </LoadedPage>
  );
}

function VerifyPanel({ entry }: { entry: LedgerEntry }) {
  const { session, t, lang } = useConsole();
  const [state, setState] = useState<
    | { stage: 'idle' }
    | { stage: 'running' }
    | { stage: 'done'; result: Verification; proof: InclusionProofJson }
    | { stage: 'failed'; error: unknown }
  >({ stage: 'idle' });
  const [expectedKeyId, setExpectedKeyId] = useState(pinnedKeyId);
  const run = async () => {
    setState({ stage: 'running' });
    try {
      const [proof, key] = await Promise.all([
        session.api.get<InclusionProofJson>(`/ledger/entries/${entry.seq}/proof`),
        session.api.get<LedgerPublicKeyJson>('/ledger/public-key'),
      ]);
      const result = await verifyEntry({
        canonicalBase64: entry.canonical,
        proof,
        publicKeyPem: key.publicKeyPem,
        publicKeys: key.keys,
        rotations: key.rotations,
        expectedKeyId: expectedKeyId.trim().toLowerCase(),
      });
      setState({ stage: 'done', result, proof });
    } catch (error) {
      setState({ stage: 'failed', error });
    }
  };
  return (
    <div className="verify" data-testid="verify-panel">
      <label>
        {t('pinnedKeyId')}{' '}
        <input
          className="mono"
          data-testid="pinned-key-id"
          size={34}
          value={expectedKeyId}
          onChange={(e) => {
            pinnedKeyId = e.target.value;
            setExpectedKeyId(e.target.value);
          }}
        />
      </label>{' '}
      <button
        type="button"
        data-testid="verify"
        disabled={state.stage === 'running'}
        onClick={() => void run()}
      >
        {state.stage === 'running' ? t('verifying') : t('verify')}
      </button>
      {state.stage === 'failed' && <ProblemBox error={state.error} />}
      {state.stage === 'done' && (
        <>
          <p
            className={state.result.ok ? 'ok' : 'bad'}
            data-testid="verify-result"
            data-ok={String(state.result.ok)}
          >
            {state.result.ok ? t('verified') : t('rejected')}
          </p>
          <p className="muted">
            {t('checkpoint')}: {t('treeSize')} {state.proof.checkpoint.treeSize} ·{' '}
            {formatTime(lang, state.proof.checkpoint.issuedAt)} · keyId{' '}
            {state.proof.checkpoint.keyId}
          </p>
          <ol className="checks" data-testid="verify-checks">
            {state.result.checks.map((c) => (
              <li
                key={c.name}
                className={c.ok ? 'ok' : 'bad'}
                data-check={c.name}
                data-ok={String(c.ok)}
              >
                {c.ok ? '✔' : '✘'} {t(`check_${c.name}`)}
                <div className="mono small">
                  {t('expected')}: {c.expected}
                  <br />
                  {t('actual')}: {c.actual}
                </div>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
