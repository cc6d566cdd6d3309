// API problems (application/problem+json) in words a person understands, field by field.
import type { Problem } from './api';
import type { Lang } from './i18n';

const STATUS_WORDS: Record<Lang, Record<number, string>> = {
  'zh-CN': {
    0: '无法连接到服务器，请检查网络后重试。',
    400: '提交的内容有误，请按提示修改。',
    401: '密钥无效或已被吊销，请重新登录。',
    403: '您的角色或范围无权执行此操作。',
    404: '找不到该记录（可能不存在，或不在您的范围内）。',
    409: '该操作与已有记录冲突，请刷新后再试。',
    422: '该操作在当前状态下不能执行。',
    429: '操作过于频繁，请稍后再试。',
  },
  en: {
    0: 'The server could not be reached. Check the network and try again.',
    400: 'Something in the form is not right; see below.',
    401: 'The key is not valid or was revoked. Please sign in again.',
    403: 'Your role or scope does not allow this.',
    404: 'Not found (it may not exist, or it is outside your scope).',
    409: 'This conflicts with what is already recorded. Refresh and try again.',
    422: 'This cannot be done in the current state.',
    429: 'Too many requests; please wait a moment.',
  },
};

const FIELD_NAMES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    reason: '理由',
    newBasisFen: '新的补偿基数',
    amountFen: '金额',
    decision: '决定',
    policyVersionId: '版本号',
    effectiveFrom: '生效日期',
  },
  en: {
    reason: 'reason',
    newBasisFen: 'new basis',
    amountFen: 'amount',
    decision: 'decision',
    policyVersionId: 'version id',
    effectiveFrom: 'effective from',
  },
};

export interface ProblemText {
  /** One sentence for the whole problem. */
  readonly summary: string;
  /** What the server said, when it said more than the status. */
  readonly detail?: string;
  /** One line per field: `理由（reason）：a DENY decision needs a reason`. */
  readonly fields: readonly string[];
}

export function describeProblem(problem: Problem, lang: Lang): ProblemText {
  const words = STATUS_WORDS[lang];
  const fallback =
    problem.status >= 500
      ? lang === 'en'
        ? 'The server failed; please try again later.'
        : '服务器出错，请稍后再试。'
      : lang === 'en'
        ? `The request was refused (HTTP ${problem.status}).`
        : `请求被拒绝（HTTP ${problem.status}）。`;
  const summary = words[problem.status] ?? fallback;
  const fields = (problem.errors ?? []).map((e) => {
    const name = FIELD_NAMES[lang][e.field];
    const label =
      name === undefined || name === e.field
        ? e.field
        : lang === 'en'
          ? `${name} (${e.field})`
          : `${name}（${e.field}）`;
    const sep = lang === 'en' ? ': ' : '：';
    return `${label}${sep}${e.message ?? e.code ?? ''}`;
  });
  const detail = problem.detail ?? problem.title;
  return {
    summary,
    ...(detail !== undefined && detail !== '' ? { detail } : {}),
    fields,
  };
}
