// A statement's CSV as issued by the ledger (RFC 4180, UTF-8 with BOM; columns section, 栏目,
// item, 项目, amount_fen, amount_yuan, quantity, unit, state_opening, state_closing), read back
// into the sections the statement page shows. A figure that is not money (a number of loans, a
// ratio in bp; ADR 0019) has its value in `quantity` (empty for an undefined ratio) and its unit in
// `unit`; a claim's state (unit `state`) at the opening (empty before it was booked) and the
// closing is in the last two columns.
import { parseCsv } from '@riskpool/domain';
import type { Lang } from './i18n';

export { parseCsv };

export type StatementFigureRow =
  | { readonly label: string; readonly amountFen: string }
  | { readonly label: string; readonly quantity: string | null; readonly unit: 'count' | 'bp' }
  | { readonly label: string; readonly openingState: string | null; readonly closingState: string };

/** A number of loans with separators, a ratio as `1,234 bp`, an undefined ratio as `—`. */
export function formatQuantity(row: { quantity: string | null; unit: 'count' | 'bp' }): string {
  if (row.quantity === null) return '—';
  const grouped = row.quantity.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return row.unit === 'bp' ? `${grouped} bp` : grouped;
}

export interface StatementFigureSection {
  readonly title: string;
  readonly rows: StatementFigureRow[];
}

/**
 * The figures of a statement CSV, by section, in the reader's language; the first rows (what the
 * statement is) and the header are left out.
 */
export function statementSections(text: string, lang: Lang): StatementFigureSection[] {
  const sections: StatementFigureSection[] = [];
  for (const [
    sectionEn,
    sectionZh,
    itemEn,
    itemZh,
    fen,
    ,
    quantity,
    unit,
    stateOpening,
    stateClosing,
  ] of parseCsv(text).slice(1)) {
    if (sectionEn === undefined || sectionEn === 'statement' || fen === undefined) continue;
    const title = (lang === 'en' ? sectionEn : sectionZh) ?? sectionEn;
    let section = sections[sections.length - 1];
    if (section === undefined || section.title !== title) {
      section = { title, rows: [] };
      sections.push(section);
    }
    const label = (lang === 'en' ? itemEn : itemZh) ?? '';
    if (unit === 'state')
      section.rows.push({
        label,
        openingState: stateOpening === '' || stateOpening === undefined ? null : stateOpening,
        closingState: stateClosing ?? '',
      });
    else if (unit === 'count' || unit === 'bp')
      section.rows.push({
        label,
        quantity: quantity === '' || quantity === undefined ? null : quantity,
        unit,
      });
    else section.rows.push({ label, amountFen: fen });
  }
  return sections;
}
