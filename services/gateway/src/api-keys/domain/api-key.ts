import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `rpk_<id>_<secret>`: the id names the row (and appears in audit and logs),
 * the secret is 32 random bytes (base64url) and is shown once. The database keeps only
 * HMAC-SHA256(pepper, "<id>.<secret>"), with the pepper a server secret (`API_KEY_PEPPER`).
 *
 * Why an HMAC and not a slow password hash (scrypt, argon2): the secret has 256 bits of entropy,
 * so there is nothing to brute-force that a slow hash would protect, while a slow hash on every
 * request would cost tens of milliseconds of CPU per call and cap the gateway's throughput. The
 * pepper means a stolen table alone cannot even be used to check a guessed key.
 */
export const API_KEY_PATTERN = /^rpk_([a-z0-9]{4,32})_([A-Za-z0-9_-]{32,128})$/;

export interface ParsedApiKey {
  readonly keyId: string;
  readonly secret: string;
}

export function parseApiKey(key: string): ParsedApiKey | undefined {
  const match = API_KEY_PATTERN.exec(key);
  if (match === null) return undefined;
  return { keyId: match[1] as string, secret: match[2] as string };
}

/** The `Authorization: Bearer <key>` header, or undefined when absent or not a Bearer key. */
export function bearerKeyOf(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match === null ? undefined : match[1];
}

export function hashApiKeySecret(pepper: string, keyId: string, secret: string): string {
  return createHmac('sha256', pepper).update(`${keyId}.${secret}`).digest('hex');
}

export function secretMatches(pepper: string, parsed: ParsedApiKey, storedHash: string): boolean {
  const given = Buffer.from(hashApiKeySecret(pepper, parsed.keyId, parsed.secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new key: 16-character id, 256-bit secret. */
export function generateApiKey(): { keyId: string; secret: string; key: string } {
  const bytes = randomBytes(16);
  const keyId = Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, key: `rpk_${keyId}_${secret}` };
}
