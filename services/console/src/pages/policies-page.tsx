// Policy versions; the city fund's manager publishes a new one (a JSON document in the policy wire
// form, docs/domain.md §3, §8, §9; docs/adr/0021), starting from a copy of the latest.
import { useState } from 'react';
import { ConfirmAction, Field, LoadedPage, Muted } from '../components';
import { useAllPages, useConsole } from '../context';
import { DataTable } from '../tables';
import type { Policy } from './types';

export function PoliciesPage() {
  const { session, t } = useConsole();
  const loaded = useAllPages<Policy>('/policies');
  return (
    <LoadedPage title={t('nav_policies')} loaded={loaded}>
      {(policies) => (
        <>
          <DataTable
            testId="policies"
            rows={policies}
            rowKey={(p) => p.policyVersionId}
            columns={[
              { head: t('policyVersion'), cell: (p) => p.policyVersionId },
              { head: t('effectiveFrom'), cell: (p) => p.effectiveFrom },
              { head: t('breaker'), cell: (p) => `${p.nplBreakerBp} bp` },
            ]}
          />
          {session.cityManager ? (
            <PublishForm latest={policies[policies.length - 1]} onDone={loaded.reload} />
          ) : (
            <Muted>
              {t('publishPolicy')}: {t('cityOnly')}
            </Muted>
          )}
        </>
      )}
    </LoadedPage>
  );
}

function PublishForm({ latest, onDone }: { latest: Policy | undefined; onDone: () => void }) {
  const { session, t } = useConsole();
  // A copy of the latest version without what the server adds when it publishes.
  const [json, setJson] = useState(() => {
    if (latest === undefined) return '{}';
    const template: Record<string, unknown> = { ...latest, policyVersionId: '' };
    for (const field of ['publishedBy', 'publishedAt', 'governs']) delete template[field];
    return JSON.stringify(template, null, 2);
  });
  return (
    <div className="actions">
      <ConfirmAction
        label={t('publishPolicy')}
        testId="publish-policy"
        fields={
          <Field label={t('policyJson')}>
            <textarea
              className="mono"
              rows={18}
              data-testid="policy-json"
              value={json}
              onChange={(e) => setJson(e.target.value)}
            />
          </Field>
        }
        summary={t('publishPolicy')}
        onConfirm={() => {
          let body: unknown;
          try {
            body = JSON.parse(json);
          } catch (error) {
            return Promise.reject(error instanceof Error ? error : new Error(String(error)));
          }
          return session.api.post('/policies', body);
        }}
        onDone={onDone}
      />
    </div>
  );
}
