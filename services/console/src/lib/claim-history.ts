// A claim's history in words: who did what, amounts in yuan. The API records each step as an
// action, an actor (`fund-manager:CITY`, `bank:B1`, or `event:<topic>` for what another service
// reported) and the figures; this turns them into one sentence in the reader's language.
import type { Lang } from './i18n';
import { formatBp, formatYuan } from './money';

export interface HistoryEntry {
  readonly action: string;
  readonly actor: string;
  readonly detail?: Readonly<Record<string, unknown>> | null;
}

type Words = Readonly<Record<'zh-CN' | 'en', string>>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const yuan = (value: unknown): string => formatYuan(str(value) ?? null);
const list = (value: unknown): Array<Record<string, unknown>> =>
  Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];

/** Who acted, as a person reads it. */
export function describeActor(lang: Lang, actor: string, bankId?: string): string {
  const en = lang === 'en';
  const [kind, scope] = [actor.split(':')[0] ?? '', actor.slice(actor.indexOf(':') + 1)];
  if (kind === 'fund-manager') return en ? `The ${scope} fund's manager` : `${scope} 基金经理`;
  if (kind === 'bank') return en ? `Bank ${scope}` : `银行 ${scope}`;
  if (kind === 'event') {
    if (scope.startsWith('credit.'))
      return en ? `Bank ${bankId ?? ''}`.trim() : `银行 ${bankId ?? ''}`.trim();
    if (scope.startsWith('settlement.')) return en ? 'Settlement' : '结算';
    return en ? 'The pool' : '补偿资金池';
  }
  if (kind === 'admin') return en ? 'The administrator' : '管理员';
  return actor;
}

function reasonOf(lang: Lang, detail: Readonly<Record<string, unknown>>): string {
  const reason = str(detail['reason']);
  if (reason === undefined || reason === 'CURED') return '';
  return lang === 'en' ? ` (reason: ${reason})` : `（理由：${reason}）`;
}

/** One step of a claim's history as a sentence: who did what, amounts in yuan. */
export function describeEntry(lang: Lang, entry: HistoryEntry, bankId?: string): string {
  const d = entry.detail ?? {};
  const who = describeActor(lang, entry.actor, bankId);
  const en = lang === 'en';
  const pick = (words: Words) => words[en ? 'en' : 'zh-CN'];
  const fund = str(d['fundId']) ?? '';
  switch (entry.action) {
    case 'OPENED':
      return pick({
        en: `${who} reported the default; the claim opened with basis ${yuan(d['basisFen'])}, rate ${formatBp(Number(d['rateBp'] ?? 0))} and ${yuan(d['poolFen'])} from the pool`,
        'zh-CN': `${who} 报告违约，理赔开立：基数 ${yuan(d['basisFen'])}，补偿比例 ${formatBp(Number(d['rateBp'] ?? 0))}，资金池承担 ${yuan(d['poolFen'])}`,
      });
    case 'BREAKER_TRIPPED':
      return pick({
        en: `The bank's NPL breaker tripped (defaulted ${yuan(d['defaultedExposureFen'])} of ${yuan(d['totalExposureFen'])}, threshold ${formatBp(Number(d['thresholdBp'] ?? 0))}): the claim is deferred`,
        'zh-CN': `银行不良率熔断触发（违约 ${yuan(d['defaultedExposureFen'])} / 总额 ${yuan(d['totalExposureFen'])}，阈值 ${formatBp(Number(d['thresholdBp'] ?? 0))}）：理赔暂缓`,
      });
    case 'APPROVED_BY_FUND':
      return pick({
        en: `${who} approved ${fund}'s share${reasonOf(lang, d)}`,
        'zh-CN': `${who} 批准了 ${fund} 的份额${reasonOf(lang, d)}`,
      });
    case 'APPROVED': {
      const shares = list(d['shares'])
        .map((s) => `${String(s['fundId'])} ${yuan(s['shareFen'])}`)
        .join(en ? ', ' : '，');
      return pick({
        en: `Every fund approved; the claim is approved: ${shares}`,
        'zh-CN': `各基金均已批准，理赔通过：${shares}`,
      });
    }
    case 'DENIED':
      return pick({
        en: `${who} denied the claim for ${fund}${reasonOf(lang, d)}`,
        'zh-CN': `${who} 代表 ${fund} 拒绝了理赔${reasonOf(lang, d)}`,
      });
    case 'ADJUSTED':
      return pick({
        en: `${who} adjusted the basis from ${yuan(d['previousBasisFen'])} to ${yuan(d['basisFen'])}; the pool now pays ${yuan(d['poolFen'])}${reasonOf(lang, d)}`,
        'zh-CN': `${who} 将基数由 ${yuan(d['previousBasisFen'])} 调整为 ${yuan(d['basisFen'])}，资金池承担 ${yuan(d['poolFen'])}${reasonOf(lang, d)}`,
      });
    case 'DEFERRAL_LIFTED':
      return pick({
        en: `${who} lifted the deferral${reasonOf(lang, d)}`,
        'zh-CN': `${who} 解除了暂缓${reasonOf(lang, d)}`,
      });
    case 'PAID':
      return pick({
        en: `${fund} paid ${yuan(d['amountFen'])} to the bank`,
        'zh-CN': `${fund} 向银行支付 ${yuan(d['amountFen'])}`,
      });
    case 'RECOVERY_RECORDED':
      return pick({
        en: `${who} recovered ${yuan(d['netFen'])} net; no money moves on this claim`,
        'zh-CN': `${who} 回收净额 ${yuan(d['netFen'])}，本理赔无资金变动`,
      });
    case 'RECOVERY_LOWERED_BASIS':
      return pick({
        en: `${who} recovered ${yuan(d['netFen'])} net before payout: the basis fell from ${yuan(d['previousBasisFen'])} to ${yuan(d['basisFen'])}`,
        'zh-CN': `${who} 在赔付前回收净额 ${yuan(d['netFen'])}：基数由 ${yuan(d['previousBasisFen'])} 降至 ${yuan(d['basisFen'])}`,
      });
    case 'RECOVERY_SHARED': {
      const owed = list(d['owed'])
        .map((o) => `${String(o['fundId'])} ${yuan(o['changeFen'])}`)
        .join(en ? ', ' : '，');
      return pick({
        en: `${who} recovered ${yuan(d['netFen'])} net after payout; owed back to the funds: ${owed}; the bank keeps ${yuan(d['bankPartFen'])}`,
        'zh-CN': `${who} 在赔付后回收净额 ${yuan(d['netFen'])}；应返还各基金：${owed}；银行留存 ${yuan(d['bankPartFen'])}`,
      });
    }
    case 'CURE_RECORDED':
      return pick({
        en: `${who} reported a cure after payout; no money moves`,
        'zh-CN': `${who} 在赔付后报告违约已纠正，无资金变动`,
      });
    case 'WITHDRAWN':
      return pick({
        en: `${who} reported the loan cured; the claim is withdrawn and its holds released`,
        'zh-CN': `${who} 报告贷款已恢复正常，理赔撤回，冻结资金释放`,
      });
    default: {
      // A step this console does not know yet: its name and any amounts, still in yuan.
      const amounts = Object.entries(d)
        .filter(([key, value]) => key.endsWith('Fen') && str(value) !== undefined)
        .map(([key, value]) => `${key.replace(/Fen$/, '')} ${yuan(value)}`);
      return [`${who}: ${entry.action}`, ...amounts].join(en ? ', ' : '，');
    }
  }
}
