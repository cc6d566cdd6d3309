import { UnitOfWork } from '@riskpool/db';
import { applyEachInSavepoint } from './bulk-items';
import { Problems } from './problem';

/** A unit of work whose manager only records the statements it is sent. */
function recordingUow(): { uow: UnitOfWork; statements: string[]; published: unknown[] } {
  const statements: string[] = [];
  const published: unknown[] = [];
  const uow = {
    manager: { query: (sql: string) => Promise.resolve(statements.push(sql)) },
    schema: 's',
    publish: (...events: unknown[]) => published.push(...events),
  } as unknown as UnitOfWork;
  return { uow, statements, published };
}

describe('applyEachInSavepoint', () => {
  it('keeps each item’s result or its refusal, in order, each in a savepoint of its own', async () => {
    const { uow, statements, published } = recordingUow();
    const outcomes = await applyEachInSavepoint(uow, [1, 2, 3], async (n, item) => {
      item.publish({ n } as never);
      if (n === 2) throw Problems.invalid([{ field: 'n', code: 'odd', message: 'no twos' }]);
      return n * 10;
    });
    expect(outcomes).toEqual([
      { ok: true, value: 10 },
      {
        ok: false,
        code: 'REQUEST.INVALID',
        detail: 'The request has invalid fields.',
        errors: [{ field: 'n', code: 'odd', message: 'no twos' }],
      },
      { ok: true, value: 30 },
    ]);
    // The refused item's event is dropped with its savepoint.
    expect(published).toEqual([{ n: 1 }, { n: 3 }]);
    expect(statements.map((s) => s.split(' ').slice(0, 3).join(' '))).toEqual([
      expect.stringMatching(/^SAVEPOINT/),
      expect.stringMatching(/^RELEASE SAVEPOINT/),
      expect.stringMatching(/^SAVEPOINT/),
      expect.stringMatching(/^ROLLBACK TO SAVEPOINT/),
      expect.stringMatching(/^RELEASE SAVEPOINT/),
      expect.stringMatching(/^SAVEPOINT/),
      expect.stringMatching(/^RELEASE SAVEPOINT/),
    ]);
  });

  it('lets any other error fail the whole request', async () => {
    const { uow } = recordingUow();
    await expect(
      applyEachInSavepoint(uow, [1], () => Promise.reject(new Error('database gone'))),
    ).rejects.toThrow('database gone');
  });
});
