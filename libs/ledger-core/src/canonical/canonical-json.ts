/**
 * The canonical JSON this library hashes and signs (a subset of RFC 8785 JCS that needs no number
 * formatting, because integers travel as decimal strings):
 * - objects: members sorted by key, comparing UTF-16 code units (JCS §3.2.3); members whose value
 *   is `undefined` are omitted; no duplicate keys (impossible from a JS object);
 * - arrays: elements in order;
 * - strings: `"` and `\` escaped as `\"` and `\\`; U+0008, U+0009, U+000A, U+000C, U+000D as
 *   `\b \t \n \f \r`; other code points below U+0020 as `\u00xx` (lower-case hex); everything else,
 *   non-ASCII included, as raw UTF-8 (JCS §3.2.2.2; exactly what `JSON.stringify` does for a
 *   well-formed string). Lone surrogates are refused;
 * - bigint: a JSON string of its decimal digits, `-` first when negative, no leading zeros;
 * - `true`, `false`, `null` as themselves; JS numbers are refused (no float ambiguity);
 * - no whitespace anywhere; the text is encoded as UTF-8 with no BOM.
 */
export type CanonicalValue =
  | string
  | bigint
  | boolean
  | null
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue | undefined };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` has no unpaired UTF-16 surrogate (so it has a UTF-8 encoding). */
export function isWellFormedString(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** The canonical JSON text of `value` (see the module comment for the rules). */
export function canonicalJson(value: CanonicalValue): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}

/** The UTF-8 bytes of {@link canonicalJson}. */
export function canonicalJsonBytes(value: CanonicalValue): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

/** A JSON string literal per the rules above; throws on a lone surrogate. */
export function canonicalString(text: string): string {
  if (!isWellFormedString(text)) {
    throw new TypeError('canonical JSON strings must be well-formed UTF-16 (no lone surrogates)');
  }
  return JSON.stringify(text);
}

function write(value: CanonicalValue, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(canonicalString(value));
      return;
    case 'bigint':
      out.push(`"${value.toString(10)}"`);
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((element: CanonicalValue, i) => {
      if (i > 0) {
        out.push(',');
      }
      write(element, out);
    });
    out.push(']');
    return;
  }
  const record = value as { readonly [key: string]: CanonicalValue | undefined };
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) {
      out.push(',');
    }
    out.push(canonicalString(key), ':');
    write(record[key] as CanonicalValue, out);
  });
  out.push('}');
}
