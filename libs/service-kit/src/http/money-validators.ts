import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, ValidateBy, ValidationOptions } from 'class-validator';
import { FEN_PATTERN } from '@riskpool/contracts';

/** An amount of fen as a decimal string: a number, a float, a sign or over 18 digits is refused. */
export function IsFen(options: { positive?: boolean } = {}): PropertyDecorator {
  const decorators = [
    IsString({
      message: '$property must be a string of fen (a JSON number is refused to avoid rounding)',
    }),
    Matches(FEN_PATTERN, {
      message:
        '$property must be a non-negative whole number of fen, at most 18 digits, without sign or decimals',
    }),
  ];
  if (options.positive === true) decorators.push(IsPositiveFen());
  return applyDecorators(...decorators);
}

function IsPositiveFen(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPositiveFen',
      validator: {
        validate: (value: unknown) => value !== '0',
        defaultMessage: () => '$property must be more than zero fen',
      },
    },
    options,
  );
}
