import { ValidateBy } from 'class-validator';

/** A real calendar date, YYYY-MM-DD. */
export function isBusinessDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

export const IsBusinessDateString = (): PropertyDecorator =>
  ValidateBy({
    name: 'isBusinessDate',
    validator: {
      validate: (value: unknown) => isBusinessDate(value),
      defaultMessage: () => '$property must be a real calendar date YYYY-MM-DD',
    },
  });
