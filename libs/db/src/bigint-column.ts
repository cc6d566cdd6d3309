import { ValueTransformer } from 'typeorm';

/**
 * pg hands int8 and numeric back as strings (a JavaScript number would lose fen above 2^53).
 * This transformer turns them into bigint on read and back into exact decimal strings on write.
 */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined): string | null | undefined =>
    value === null || value === undefined ? value : value.toString(),
  from: (value: string | null): bigint | null => (value === null ? null : BigInt(value)),
};

/** Column options for an amount of fen: `@Column(fenColumn())`. */
export function fenColumn(options: { name?: string; nullable?: boolean } = {}) {
  return {
    type: 'bigint' as const,
    transformer: bigintTransformer,
    nullable: options.nullable ?? false,
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
}
