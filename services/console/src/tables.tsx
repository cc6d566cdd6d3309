// The two shapes the pages show data in: a table of rows (one column per figure) and a list of
// labelled facts.
import type { ReactNode } from 'react';
import { Muted, Yuan } from './components';
import { useConsole } from './context';
import { formatTime, type Lang } from './lib/i18n';

/** One column of a `DataTable`: its heading and what a row shows in its cell. */
export type Column<R> = {
  readonly head: ReactNode;
  /** The cell's class (`mono`, `status`, `num`…). */
  readonly className?: string;
  /** The cell's `data-testid`. */
  readonly testId?: string;
} & (
  | { readonly cell: (row: R) => ReactNode }
  /** A money column: the row's amount in fen, shown in yuan. */
  | { readonly fen: (row: R) => string | null | undefined }
  /** A time column: the row's instant, shown in the reader's language (`formatTime`). */
  | { readonly time: (row: R) => string | null | undefined }
);

function cellOf<R>(column: Column<R>, row: R, lang: Lang): ReactNode {
  if ('fen' in column) return <Yuan fen={column.fen(row)} />;
  if ('time' in column) return formatTime(lang, column.time(row));
  return column.cell(row);
}

/**
 * A table with a heading row and a row per item; `rowKey` keys a row, `rowData` gives it its
 * `data-*` attributes (what the end-to-end tests find it by). With `empty`, no rows show that
 * (`Muted`) in place of the table.
 */
export function DataTable<R>({
  rows,
  columns,
  rowKey,
  rowData,
  testId,
  empty,
}: {
  rows: readonly R[];
  columns: ReadonlyArray<Column<R>>;
  rowKey: (row: R, index: number) => string | number;
  rowData?: (row: R) => Readonly<Record<`data-${string}`, string | number>>;
  testId?: string;
  empty?: ReactNode;
}) {
  const { lang } = useConsole();
  if (empty !== undefined && rows.length === 0) return <Muted>{empty}</Muted>;
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i}>{column.head}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)} {...rowData?.(row)}>
            {columns.map((column, i) => (
              <td key={i} className={column.className} data-testid={column.testId}>
                {cellOf(column, row, lang)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A labelled value of `Facts`; `testId` and `className` go to the value. */
export type Fact = {
  readonly label: ReactNode;
  readonly testId?: string;
  readonly className?: string;
} & (
  | { readonly value: ReactNode }
  /** An amount in fen, shown in yuan. */
  | { readonly fen: string | null | undefined }
);

/** Labelled values (`<dl>`), each label and its value in a `<div>` of their own. */
export function Facts({
  facts,
  className = 'facts',
  testId,
}: {
  facts: readonly Fact[];
  className?: string;
  testId?: string;
}) {
  return (
    <dl className={className} data-testid={testId}>
      {facts.map((fact, i) => (
        <div key={i}>
          <dt>{fact.label}</dt>
          <dd className={fact.className} data-testid={fact.testId}>
            {'fen' in fact ? <Yuan fen={fact.fen} /> : fact.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
