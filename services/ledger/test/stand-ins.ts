// Stand-ins for the services the ledger reconciles with (pool-allocation `GET /reconciliation/funds`,
// settlement `GET /totals`, subsidy `GET /reconciliation/funds`). Each answers its route only to
// calls carrying an identity the ledger signed, as the real services do: 401 otherwise, 404 on any
// other path.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { SERVICE_ROLES, verifyIdentity } from '@riskpool/contracts';
import { testLedgerKeys } from '@riskpool/testing';

/** What each stand-in answers, asked again on every call (a test changes what it reports). */
export interface StandInAnswers {
  pool: () => unknown;
  settlement: () => unknown;
  subsidy: () => unknown;
}

export class ReconciliationStandIns {
  /** The roles of the identities the stand-ins accepted. */
  readonly callers: string[] = [];
  /** The paths of calls refused for want of a valid identity. */
  readonly unsignedCalls: string[] = [];
  private readonly servers: Server[] = [];

  /** Starts the three stand-ins; answers the ledger's settings that point at them. */
  async start(answers: StandInAnswers): Promise<Record<string, string>> {
    return {
      POOL_ALLOCATION_URL: await this.serve(
        'pool-allocation',
        '/reconciliation/funds',
        answers.pool,
      ),
      SETTLEMENT_URL: await this.serve('settlement', '/totals', answers.settlement),
      SUBSIDY_URL: await this.serve('subsidy', '/reconciliation/funds', answers.subsidy),
    };
  }

  async close(): Promise<void> {
    for (const s of this.servers) await new Promise((resolve) => s.close(resolve));
  }

  private async serve(target: string, route: string, body: () => unknown): Promise<string> {
    const answer = async (req: IncomingMessage, res: ServerResponse) => {
      // The ledger's key, trusted for service:ledger only.
      const check = verifyIdentity(
        req.headers,
        { target, method: req.method ?? '', path: req.url ?? '' },
        [{ issuer: 'ledger', publicKey: testLedgerKeys.publicKey, roles: SERVICE_ROLES }],
      );
      if (!check.ok) {
        this.unsignedCalls.push(req.url ?? '');
        res.writeHead(401).end();
        return;
      }
      this.callers.push(check.identity.role);
      if ((req.url ?? '').split('?')[0] !== route) {
        res.writeHead(404).end();
        return;
      }
      const json = JSON.stringify(await body());
      res.writeHead(200, { 'content-type': 'application/json' }).end(json);
    };
    const server = createServer((req, res) => {
      answer(req, res).catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
}
