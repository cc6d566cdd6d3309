// Small pieces the pages share: money, errors, a confirm step, loading states, tables.
import { type ReactNode, useContext, useState } from 'react';
import { Ctx, useConsole, type Loaded } from './context';
import type { Lang } from './lib/i18n';
import { ApiError } from './lib/api';
import { formatYuan, parseYuan } from './lib/money';
import { describeProblem } from './lib/problem';

export function Yuan({ fen }: { fen: string | null | undefined }) {
  return <span className="money">{formatYuan(fen)}</span>;
}

/** An error from the API (or anything else) in plain words, with the fields that were wrong. */
export function ProblemBox({ error, lang: signInLang }: { error: unknown; lang?: Lang }) {
  const lang = useContext(Ctx)?.lang ?? signInLang ?? 'zh-CN';
  if (error === undefined || error === null) return null;
  if (!(error instanceof ApiError)) {
    return (
      <div className="problem" role="alert">
        {error instanceof Error ? error.message : String(error)}
      </div>
    );
  }
  const words = describeProblem(error.problem, lang);
  return (
    <div className="problem" role="alert" data-status={error.problem.status}>
      <strong>{words.summary}</strong>
      {words.detail !== undefined && <div className="problem-detail">{words.detail}</div>}
      {words.fields.length > 0 && (
        <ul>
          {words.fields.map((f) => (
            <li key={f} className="problem-field">
              {f}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A line in a muted voice: loading, nothing to show, a note. */
export function Muted({ children }: { children: ReactNode }) {
  return <p className="muted">{children}</p>;
}

/** Shows a page's data once it has loaded, or its error. */
export function LoadedView<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useConsole();
  if (loaded.error !== undefined) return <ProblemBox error={loaded.error} />;
  if (loaded.data === undefined) return <Muted>{t('loading')}</Muted>;
  return <>{children(loaded.data)}</>;
}

/**
 * A page: its heading (if it has one before its data loads), what stands above the data (filters,
 * buttons), then the data once loaded (`LoadedView`).
 */
export function LoadedPage<T>({
  title,
  top,
  loaded,
  children,
}: {
  title?: ReactNode;
  top?: ReactNode;
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  return (
    <section>
      {title !== undefined && <h2>{title}</h2>}
      {top}
      <LoadedView loaded={loaded}>{children}</LoadedView>
    </section>
  );
}

/** A row of filters that apply when submitted (the button, or Enter in a field). */
export function FilterForm({
  onSubmit,
  submitLabel,
  submitTestId,
  children,
}: {
  onSubmit: () => void;
  submitLabel: string;
  submitTestId: string;
  children: ReactNode;
}) {
  return (
    <form
      className="filters"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <button type="submit" data-testid={submitTestId}>
        {submitLabel}
      </button>
    </form>
  );
}

/**
 * A form step then a confirm step: `summary` says what will happen; nothing is sent until the
 * person confirms. `onConfirm` rejects with the API's error, shown in place.
 */
export function ConfirmAction({
  label,
  testId,
  fields,
  summary,
  onConfirm,
  onDone,
}: {
  label: string;
  testId: string;
  fields: ReactNode;
  summary: string;
  onConfirm: () => Promise<unknown>;
  onDone: () => void;
}) {
  const { t } = useConsole();
  const [stage, setStage] = useState<'closed' | 'form' | 'confirm' | 'sending'>('closed');
  const [error, setError] = useState<unknown>(undefined);
  if (stage === 'closed') {
    return (
      <button type="button" data-testid={`${testId}-open`} onClick={() => setStage('form')}>
        {label}
      </button>
    );
  }
  const send = () => {
    setStage('sending');
    setError(undefined);
    onConfirm().then(
      () => {
        setStage('closed');
        onDone();
      },
      (e: unknown) => {
        setError(e);
        setStage('form');
      },
    );
  };
  return (
    <fieldset className="action" data-testid={testId}>
      <legend>{label}</legend>
      {fields}
      <ProblemBox error={error} />
      {stage === 'form' ? (
        <div className="buttons">
          <button
            type="button"
            data-testid={`${testId}-submit`}
            onClick={() => setStage('confirm')}
          >
            {t('submit')}
          </button>
          <button type="button" className="secondary" onClick={() => setStage('closed')}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div className="confirm" data-testid={`${testId}-confirm-step`}>
          <p>
            {t('confirmQuestion')} {summary}
          </p>
          <button
            type="button"
            data-testid={`${testId}-confirm`}
            disabled={stage === 'sending'}
            onClick={send}
          >
            {t('confirm')}
          </button>
          <button type="button" className="secondary" onClick={() => setStage('form')}>
            {t('cancel')}
          </button>
        </div>
      )}
    </fieldset>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A one-line text input under its label, handing on what is typed. */
export function TextField({
  label,
  testId,
  value,
  onChange,
  inputMode,
}: {
  label: string;
  testId?: string;
  value: string;
  onChange: (value: string) => void;
  inputMode?: 'decimal';
}) {
  return (
    <Field label={label}>
      <input
        data-testid={testId}
        inputMode={inputMode}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

/** An amount in yuan as a person types it (read with `parseYuan`), under its label. */
export function YuanField(props: {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return <TextField {...props} inputMode="decimal" />;
}

/**
 * An amount in yuan being typed into a `YuanField` (`field` is its label, value and onChange):
 * what was typed, what it reads as (`parseYuan`), and `fen()`, the amount to send, which throws
 * an error naming the field and what was typed when that does not read.
 */
export function useYuanInput(label: string) {
  const [value, setValue] = useState('');
  const parsed = parseYuan(value);
  return {
    field: { label, value, onChange: setValue },
    value,
    parsed,
    fen(): string {
      if (!parsed.ok) throw new Error(`${label}: ${value || '–'}`);
      return parsed.fen;
    },
    clear: () => setValue(''),
  };
}

export function Link({
  to,
  children,
  testId,
}: {
  to: string;
  children: ReactNode;
  testId?: string;
}) {
  const { navigate } = useConsole();
  return (
    <a
      href={`/console${to}`}
      data-testid={testId}
      onClick={(event) => {
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
