import { describeProblem } from './problem';

describe('describeProblem', () => {
  it('names the field that was wrong, in Chinese and in English', () => {
    const problem = {
      status: 400,
      code: 'VALIDATION',
      detail: 'The request is invalid',
      errors: [{ field: 'reason', code: 'required', message: 'a DENY decision needs a reason' }],
    };
    expect(describeProblem(problem, 'zh-CN')).toEqual({
      summary: '提交的内容有误，请按提示修改。',
      detail: 'The request is invalid',
      fields: ['理由（reason）：a DENY decision needs a reason'],
    });
    expect(describeProblem(problem, 'en').fields).toEqual([
      'reason: a DENY decision needs a reason',
    ]);
    expect(
      describeProblem({ status: 400, errors: [{ field: 'newBasisFen', code: 'required' }] }, 'en')
        .fields,
    ).toEqual(['new basis (newBasisFen): required']);
  });

  it('keeps an unknown field by its own name and says what a status means', () => {
    const text = describeProblem(
      { status: 403, errors: [{ field: 'scope', code: 'forbidden' }] },
      'en',
    );
    expect(text.summary).toBe('Your role or scope does not allow this.');
    expect(text.fields).toEqual(['scope: forbidden']);
    expect(describeProblem({ status: 503 }, 'zh-CN').summary).toBe('服务器出错，请稍后再试。');
  });
});
