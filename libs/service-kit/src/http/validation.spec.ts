import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsString, ValidateNested } from 'class-validator';
import { ProblemException } from './problem';
import { throughPipe } from './pipe-result.spec-helper';
import { IsFen } from './money-validators';

class EnterpriseDto {
  @IsString()
  uscc!: string;
}

class LoanDto {
  @IsFen({ positive: true })
  principalFen!: string;

  @ValidateNested()
  @Type(() => EnterpriseDto)
  enterprise!: EnterpriseDto;
}

const validate = (body: unknown) => throughPipe(LoanDto, 'body', body);

describe('request validation', () => {
  it('accepts a well-formed body', async () => {
    const result = await validate({ principalFen: '800000000', enterprise: { uscc: 'x' } });
    expect(result).toBeInstanceOf(LoanDto);
  });

  it.each([
    ['a JSON number', 800000000],
    ['a float', '8000.5'],
    ['a negative', '-5'],
    ['zero', '0'],
    ['an over-long string', '1'.repeat(21)],
  ])('refuses money given as %s, naming the field', async (_label, principalFen) => {
    const result = await validate({ principalFen, enterprise: { uscc: 'x' } });
    expect(result).toBeInstanceOf(ProblemException);
    const problem = result as ProblemException;
    expect(problem.getStatus()).toBe(400);
    expect(problem.code).toBe('REQUEST.INVALID');
    expect(problem.errors.map((e) => e.field)).toContain('principalFen');
  });

  it('lists every bad field, nested ones by dotted path, and unknown fields', async () => {
    const problem = (await validate({
      principalFen: 1.5,
      enterprise: { uscc: 7 },
      extra: true,
    })) as ProblemException;
    const fields = problem.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['principalFen', 'enterprise.uscc', 'extra']));
  });
});
