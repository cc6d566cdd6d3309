// Per-request identities (ADR 0013) against every service as a real process: an identity made for
// one request is good for that request only. A forged, replayed, re-targeted, re-pathed or
// body-swapped identity is refused with 401 by each service, and the ledger's own service identity
// is let in only on the reconciliation totals it reads, never as admin.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { Identity, IdentitySigner, signIdentity } from '@riskpool/contracts';
import { RunningSystem, ServiceName, startSystem } from './support/system';

type Target = Exclude<ServiceName, 'gateway'>;

/** One request each service takes from `who` (a GET where it has one a regulator may read). */
const PROBES: Record<Target, { method: 'GET' | 'POST'; path: string; who: Identity['role'] }> = {
  'loan-registry': { method: 'GET', path: '/loans?limit=5', who: 'regulator' },
  'default-events': {
    method: 'POST',
    path: '/loans/0195f3a2-0000-7000-8000-00000000dead/cures',
    who: 'bank',
  },
  'pool-allocation': { method: 'GET', path: '/claims?limit=5', who: 'regulator' },
  settlement: { method: 'GET', path: '/payouts?limit=5', who: 'regulator' },
  ledger: { method: 'GET', path: '/ledger/entries?limit=5', who: 'regulator' },
  subsidy: { method: 'GET', path: '/subsidy/interest-reports?limit=5', who: 'regulator' },
};
const TARGETS = Object.keys(PROBES) as Target[];

let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem();
}, 600_000);

afterAll(async () => {
  await system?.stop();
});

function identityOf(role: Identity['role']): Identity {
  return {
    role,
    scope: role === 'bank' ? 'E2EBANK' : role === 'fund-manager' ? 'CITY' : null,
    keyId: `e2e-${role}`,
    businessDate: '2026-03-01',
    requestId: randomUUID(),
  };
}

/**
 * Sends `sent` to `target` with the identity headers given (made for whatever request). Plain
 * node:http, so a GET may carry a body too (a swapped body must be refused on any method).
 */
function send(
  target: Target,
  sent: { method: string; path: string; body?: string },
  headers: Record<string, string>,
): Promise<{ status: number; detail: string }> {
  const url = new URL(system.serviceUrl(target));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        method: sent.method,
        path: sent.path,
        headers: {
          ...headers,
          'idempotency-key': randomUUID(),
          ...(sent.body === undefined
            ? {}
            : {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(sent.body)),
              }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let detail = '';
          try {
            detail = String((JSON.parse(text) as { detail?: unknown }).detail ?? '');
          } catch {
            detail = text.slice(0, 200);
          }
          resolve({ status: res.statusCode ?? 0, detail });
        });
      },
    );
    req.on('error', reject);
    req.end(sent.body);
  });
}

function signed(
  signer: IdentitySigner,
  role: Identity['role'],
  target: string,
  request: { method: string; path: string; body?: string },
): Record<string, string> {
  return signIdentity(identityOf(role), { target, ...request }, signer);
}

const refusedFor = (reason: string) => ({
  status: 401,
  detail: `request did not come through the gateway: ${reason}`,
});

describe.each(TARGETS.map((target) => [target]))('%s', (target) => {
  const probe = PROBES[target as Target];
  const body = probe.method === 'POST' ? JSON.stringify({ note: 'e2e' }) : undefined;
  const request = { method: probe.method, path: probe.path, ...(body ? { body } : {}) };

  it('takes the identity the gateway signed for this request, once; a replay is refused', async () => {
    const headers = signed(system.identitySigners.gateway, probe.who, target, request);
    const first = await send(target as Target, request, headers);
    expect([401, 403]).not.toContain(first.status);
    expect(await send(target as Target, request, headers)).toEqual(refusedFor('identity replayed'));
  });

  it('refuses an identity signed with a key that is not the gateway’s', async () => {
    const forger = { issuer: 'gateway', privateKey: generateKeyPairSync('ed25519').privateKey };
    expect(await send(target as Target, request, signed(forger, 'admin', target, request))).toEqual(
      refusedFor('bad identity signature'),
    );
  });

  it('refuses an identity made for another service', async () => {
    const other = TARGETS.find((t) => t !== target) as Target;
    expect(
      await send(
        target as Target,
        request,
        signed(system.identitySigners.gateway, probe.who, other, request),
      ),
    ).toEqual(refusedFor(`identity is for ${other}, not this service`));
  });

  it('refuses an identity made for another path or query', async () => {
    const elsewhere = { ...request, path: `${probe.path.split('?')[0] as string}?limit=1&x=1` };
    expect(
      await send(
        target as Target,
        request,
        signed(system.identitySigners.gateway, probe.who, target, elsewhere),
      ),
    ).toEqual(refusedFor('identity is for another path'));
  });

  it('refuses an identity whose body was swapped', async () => {
    const madeFor = { ...request, body: JSON.stringify({ note: 'what was signed' }) };
    const swapped = { ...request, body: JSON.stringify({ note: 'what was sent' }) };
    expect(
      await send(
        target as Target,
        swapped,
        signed(system.identitySigners.gateway, probe.who, target, madeFor),
      ),
    ).toEqual(refusedFor('body does not match the identity'));
  });

  it('refuses the ledger’s key vouching for admin', async () => {
    expect(
      await send(
        target as Target,
        request,
        signed(system.identitySigners.ledger, 'admin', target, request),
      ),
    ).toEqual(refusedFor('issuer ledger may not vouch for admin'));
  });
});

describe('the ledger’s service identity', () => {
  const recon = [
    ['pool-allocation', '/reconciliation/funds'],
    ['settlement', '/totals'],
    ['subsidy', '/reconciliation/funds'],
  ] as const;

  it.each(recon)('reads %s %s, the totals its reconciliation needs', async (target, path) => {
    const request = { method: 'GET', path };
    const answer = await send(
      target,
      request,
      signed(system.identitySigners.ledger, 'service:ledger', target, request),
    );
    expect(answer.status).toBe(200);
  });

  it.each([
    ['pool-allocation', '/claims'],
    ['pool-allocation', '/funds'],
    ['settlement', '/payouts'],
    ['subsidy', '/subsidy/rounds'],
    ['loan-registry', '/loans'],
    ['ledger', '/ledger/entries'],
  ] as const)('is refused on %s %s', async (target, path) => {
    const request = { method: 'GET', path };
    const answer = await send(
      target,
      request,
      signed(system.identitySigners.ledger, 'service:ledger', target, request),
    );
    expect(answer.status).toBe(403);
  });

  it('runs the reconciliation with it (the check finds its sources)', async () => {
    const request = { method: 'GET', path: '/ledger/reconciliation' };
    const answer = await fetch(`${system.serviceUrl('ledger')}${request.path}`, {
      headers: signed(system.identitySigners.gateway, 'regulator', 'ledger', request),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ok: true });
  });
});
