/**
 * A field that cannot be encoded: what the entry, checkpoint and key-rotation format errors share.
 * Each sets its own `name`.
 */
export abstract class FieldFormatError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}
