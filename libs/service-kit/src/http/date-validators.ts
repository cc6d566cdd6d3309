import { ValidateBy } from 'class-validator';
import { isBusinessDate } from '@riskpool/domain';

/** A business date in a request: a real calendar date `YYYY-MM-DD`. */
export function IsBusinessDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isBusinessDate',
    validator: {
      validate: (value: unknown) => isBusinessDate(value),
      defaultMessage: () => '$property must be a calendar date YYYY-MM-DD',
    },
  });
}
