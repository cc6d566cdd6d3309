import { applyDecorators } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';

/** A whole-number setting from `min` to `max` (no upper bound when `max` is left out). */
export function IntSetting(min: number, max?: number): PropertyDecorator {
  return applyDecorators(IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));
}
