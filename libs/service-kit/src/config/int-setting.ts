import { applyDecorators } from '@nestjs/common';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

/** A whole-number setting from `min` to `max` (no upper bound when `max` is left out). */
export function IntSetting(min: number, max?: number): PropertyDecorator {
  return applyDecorators(IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)]));
}

/** A number setting, fractions allowed, from `min` to `max`. */
export function NumberSetting(min: number, max: number): PropertyDecorator {
  return applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(min), Max(max));
}
