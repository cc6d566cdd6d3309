// Key pairs for the per-request identities (ADR 0013) in tests: made fresh in each test process,
// so no key is ever committed. A service started in the same process (or given `identityKeyEnv`)
// trusts them.
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import request from 'supertest';
import { Identity, IdentitySigner, signIdentity } from '@riskpool/contracts';

function pairOf(issuer: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { issuer, privateKey, publicKey };
}

export const testGatewayKeys = pairOf('gateway');
export const testLedgerKeys = pairOf('ledger');

export function pemOf(key: KeyObject): string {
  return key.type === 'private'
    ? key.export({ type: 'pkcs8', format: 'pem' }).toString()
    : key.export({ type: 'spki', format: 'pem' }).toString();
}

/** What a service needs to believe the test gateway and the test ledger. */
export function identityKeyEnv(): Record<string, string> {
  return {
    GATEWAY_IDENTITY_PUBLIC_KEY_PEM: pemOf(testGatewayKeys.publicKey),
    LEDGER_IDENTITY_PUBLIC_KEY_PEM: pemOf(testLedgerKeys.publicKey),
  };
}

/** The private keys: the gateway's, and the ledger's for its reconciliation calls. */
export function identitySigningEnv(): Record<string, string> {
  return {
    GATEWAY_IDENTITY_PRIVATE_KEY_PEM: pemOf(testGatewayKeys.privateKey),
    LEDGER_IDENTITY_PRIVATE_KEY_PEM: pemOf(testLedgerKeys.privateKey),
  };
}

export const testGatewaySigner: IdentitySigner = testGatewayKeys;
export const testLedgerSigner: IdentitySigner = testLedgerKeys;

/** The headers the gateway would add to this one request to `target`. */
export function gatewayHeaders(
  identity: Identity,
  target: string,
  method: string,
  path: string,
  body?: string,
): Record<string, string> {
  return signIdentity(identity, { target, method, path, body }, testGatewaySigner);
}

/**
 * A supertest request to one service carrying the identity the gateway would sign for it. A JSON
 * body is serialised here, so the bytes signed are the bytes sent.
 */
export function asGateway(baseUrl: string, target: string, identity: Identity | undefined) {
  const start = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: string,
  ) => {
    let req = request(baseUrl)[method.toLowerCase() as 'get'](path);
    if (identity !== undefined)
      for (const [name, value] of Object.entries(
        gatewayHeaders(identity, target, method, path, body),
      ))
        req = req.set(name, value);
    return req;
  };
  const withBody = (
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    contentType?: string,
  ) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return start(method, path, text)
      .set('content-type', contentType ?? 'application/json')
      .send(text);
  };
  return {
    get: (path: string) => start('GET', path),
    delete: (path: string) => start('DELETE', path),
    post: (path: string, body: unknown, contentType?: string) =>
      withBody('POST', path, body, contentType),
    put: (path: string, body: unknown, contentType?: string) =>
      withBody('PUT', path, body, contentType),
    patch: (path: string, body: unknown, contentType?: string) =>
      withBody('PATCH', path, body, contentType),
  };
}
