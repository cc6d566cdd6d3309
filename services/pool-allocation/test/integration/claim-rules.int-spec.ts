// Every claim rule of docs/domain.md §5-§6 accepting and refusing: scopes, approvals, deny, adjust,
// caps, cure, recoveries before payout, the NPL breaker, the queue, policies.
import { Topics } from '@riskpool/contracts';
import {
  admin,
  Api,
  bank,
  fundPath,
  manager,
  policyDocument,
  type RecoveryAmounts,
  regulator,
  usePool,
  waitFor,
} from './support';

describe('pool-allocation: claim rules', () => {
  const suite = usePool('rules');
  const { api, upstream, reader, run } = suite;
  let seq = 0;
  const id = (prefix: string) => `${prefix}-${run}-${++seq}`;

  beforeAll(async () => {
    await api.createFund('CITY', 'City fund');
    await api.publishPolicy();
    await api.deposit('CITY', '100000000000');
  });

  const town = async (code: string, availableFen: string) => {
    const fundId = `TOWN:${code}`;
    await api.post(admin, '/funds', { fundId, name: `${code} fund` }).expect(201);
    if (availableFen !== '0') await api.deposit(fundId, availableFen);
    return fundId;
  };
  /** The codes a CITY manager's policy version is refused with (409). */
  const refusedCodes = async (versionId: string, effectiveFrom: string, on: Api = api) => {
    const refused = await on
      .post(manager('CITY'), '/policies', policyDocument({ versionId, effectiveFrom }))
      .expect(409);
    return refused.body.errors.map((e: { code: string }) => e.code);
  };
  const fund = (fundId: string) => api.fund(fundId);
  const claimView = (claimId: string) => api.claim(claimId);
  const decide = (fundId: string, claimId: string, body: Record<string, unknown>) =>
    api.post(manager(fundId), `/claims/${claimId}/decisions`, body);

  /** The first pool.claim-adjusted.v1 of the claim. */
  const adjustedEvent = async (claimId: string) => {
    const [adjusted] = await reader.waitFor(Topics.claimAdjusted, (d) => d['claimId'] === claimId);
    return adjusted;
  };
  /** A fund's queue as [claim, amount] pairs, in queue order. */
  const queueOf = (f: Record<string, unknown> | undefined) =>
    (f?.['queue'] as Array<{ claimId: string; amountFen: string }>).map((q) => [
      q.claimId,
      q.amountFen,
    ]);
  /** The bank reports a recovery on the claim's loan. */
  const reportRecovery = (
    claim: { loanId: string; defaultId: string },
    bankId: string,
    amounts: RecoveryAmounts,
  ) => upstream.recoveryReported({ ...claim, bankId }, id('R'), amounts);

  /** Registers the loan (and, unless `alone`, a large healthy loan of the bank), then defaults it. */
  const openClaim = async (o: {
    bankId: string;
    townCode: string;
    principalFen: string;
    outstandingFen?: string;
    alone?: boolean;
    loanId?: string;
  }) => {
    const loanId = o.loanId ?? id('L');
    const loans = [loanId];
    if (o.alone !== true) {
      const other = id('LBIG');
      loans.push(other);
      await upstream.loanRegistered({
        loanId: other,
        bankId: o.bankId,
        townCode: o.townCode,
        principalFen: '100000000000',
      });
    }
    await upstream.loanRegistered({
      loanId,
      bankId: o.bankId,
      townCode: o.townCode,
      principalFen: o.principalFen,
    });
    await suite.waitForLoans(loans);
    const defaultId = id('D');
    const opened = await suite.claimOpenedBy({
      defaultId,
      loanId,
      bankId: o.bankId,
      townCode: o.townCode,
      outstandingAtDefaultFen: o.outstandingFen ?? o.principalFen,
    });
    return {
      claimId: String(opened?.data['claimId']),
      loanId,
      defaultId,
      data: opened?.data ?? {},
    };
  };
  /** Another bank's claim in the town, queued behind; then the fund's balances. */
  const queuedBehind = async (
    o: { bankId: string; townCode: string; principalFen: string },
    fundId: string,
    balances: Record<string, string>,
  ) => {
    const waiting = await openClaim(o);
    expect(await fund(fundId)).toMatchObject(balances);
    return waiting;
  };

  describe('funds and policies', () => {
    it('lets only an admin create a fund, once, with a valid id', async () => {
      expect(
        (await api.post(manager('CITY'), '/funds', { fundId: 'TOWN:NOPE', name: 'x' })).status,
      ).toBe(403);
      expect((await api.post(admin, '/funds', { fundId: 'CITY', name: 'again' })).body.code).toBe(
        'FUND.ALREADY_EXISTS',
      );
      const bad = await api.post(admin, '/funds', { fundId: 'town:lower', name: 'x' }).expect(400);
      expect(bad.body.errors[0].field).toBe('fundId');
      const [created] = await reader.waitFor(Topics.fundCreated, (d) => d['fundId'] === 'CITY');
      expect(created?.data['kind']).toBe('CITY');
    });

    it('lets a fund manager deposit into that fund only, in whole fen', async () => {
      const fundId = await town('TDEP', '0');
      expect(
        (await api.post(manager('CITY'), `${fundPath(fundId)}/deposits`, { amountFen: '100' }))
          .status,
      ).toBe(403);
      expect(
        (await api.post(bank('BX'), `${fundPath(fundId)}/deposits`, { amountFen: '100' })).status,
      ).toBe(403);
      expect(
        (
          await api.post(manager('TOWN:GHOST'), `${fundPath('TOWN:GHOST')}/deposits`, {
            amountFen: '100',
          })
        ).status,
      ).toBe(404);
      const bad = await api
        .post(manager(fundId), `${fundPath(fundId)}/deposits`, { amountFen: 12.5 })
        .expect(400);
      expect(bad.body.errors[0].field).toBe('amountFen');
      await api.deposit(fundId, '100');
      const seenByManager = await api.get(manager(fundId), '/funds').expect(200);
      expect(seenByManager.body.items).toEqual([
        expect.objectContaining({ fundId, availableFen: '100', depositedFen: '100' }),
      ]);
    });

    it('publishes policies only for a CITY manager, validated, without overlaps or past starts', async () => {
      expect(
        (
          await api.post(
            manager('TOWN:TDEP'),
            '/policies',
            policyDocument({ versionId: 'PX', effectiveFrom: '2027-01-01' }),
          )
        ).status,
      ).toBe(403);
      const invalid = await api
        .post(
          manager('CITY'),
          '/policies',
          policyDocument({
            versionId: 'PBAD',
            effectiveFrom: '2027-01-01',
            maxRateBp: 9000,
            rateTiers: [],
          }),
        )
        .expect(400);
      expect(invalid.body.code).toBe('POLICY.INVALID');
      expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['maxRateBp', 'rateTiers']),
      );
      expect(await refusedCodes('P-SAME', '2026-01-01')).toContain('SAME_EFFECTIVE_FROM');
      expect(await refusedCodes('P2026-01', '2027-01-01')).toContain('DUPLICATE_VERSION_ID');
      const past = new Api(suite.pool.service.url, '2026-06-01');
      expect(await refusedCodes('P-PAST', '2026-03-01', past)).toContain('EFFECTIVE_FROM_IN_PAST');
      const list = await api.get(bank('BX'), '/policies').expect(200);
      expect(list.body.inForceVersionId).toBe('P2026-01');
      expect(list.body.items.map((p: { policyVersionId: string }) => p.policyVersionId)).toEqual([
        'P2026-01',
      ]);
      const [published] = await reader.waitFor(Topics.policyPublished, () => true);
      expect(published?.data['policy']).toMatchObject({
        policyVersionId: 'P2026-01',
        bonusesBp: { IP_PLEDGE: 1500 },
      });
    });
  });

  describe('decisions', () => {
    it('refuses banks, regulators and managers of other funds; needs reasons; scopes reads', async () => {
      const fundId = await town('TACC', '100000000');
      const bankId = id('BACC');
      const claim = await openClaim({ bankId, townCode: 'TACC', principalFen: '40000000' });
      for (const who of [bank(bankId), regulator, admin]) {
        const refused = await api.post(who, `/claims/${claim.claimId}/decisions`, {
          decision: 'APPROVE',
        });
        expect(refused.status).toBe(403);
      }
      const other = await decide('TOWN:TDEP', claim.claimId, { decision: 'APPROVE' }).expect(403);
      expect(other.body.code).toBe('AUTH.FORBIDDEN');
      const noReason = await decide(fundId, claim.claimId, { decision: 'DENY' }).expect(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      const adjustBad = await decide(fundId, claim.claimId, {
        decision: 'ADJUST',
        reason: 'x',
      }).expect(400);
      expect(adjustBad.body.errors[0].field).toBe('newBasisFen');
      const tooHigh = await decide(fundId, claim.claimId, {
        decision: 'ADJUST',
        reason: 'more than outstanding',
        newBasisFen: '40000001',
      }).expect(422);
      expect(tooHigh.body.code).toBe('CLAIM.BASIS_OUT_OF_RANGE');
      const notDeferred = await api
        .post(manager('CITY'), `/claims/${claim.claimId}/lift-deferral`, { reason: 'x' })
        .expect(409);
      expect(notDeferred.body.code).toBe('CLAIM.NOT_DEFERRED');
      await api
        .post(manager(fundId), `/claims/${claim.claimId}/decisions`, { decision: 'MAYBE' })
        .expect(400);
      expect((await decide(fundId, 'no-such-claim', { decision: 'APPROVE' })).status).toBe(404);

      const own = await api.get(bank(bankId), '/claims').expect(200);
      expect(own.body.items.map((c: { claimId: string }) => c.claimId)).toEqual([claim.claimId]);
      const others = await api.get(bank('SOMEONE-ELSE'), '/claims').expect(200);
      expect(others.body.items).toEqual([]);
      await api.get(bank('SOMEONE-ELSE'), `/claims/${claim.claimId}`).expect(404);
      await api.get(manager('TOWN:TDEP'), `/claims/${claim.claimId}`).expect(404);
      const mine = await api.get(manager(fundId), '/claims').expect(200);
      expect(mine.body.items.map((c: { claimId: string }) => c.claimId)).toEqual([claim.claimId]);
      await api.get(manager(fundId), `/claims/${claim.claimId}`).expect(200);
      await api.get(admin, '/claims').expect(403);
      // A default can be followed to its claim: `?loan=` filters by loan, within the same scopes.
      const byLoan = await api.get(regulator, `/claims?loan=${claim.loanId}`).expect(200);
      expect(byLoan.body.items.map((c: { claimId: string }) => c.claimId)).toEqual([claim.claimId]);
      const otherLoan = await api.get(regulator, '/claims?loan=no-such-loan').expect(200);
      expect(otherLoan.body.items).toEqual([]);
      const notMine = await api.get(bank('SOMEONE-ELSE'), `/claims?loan=${claim.loanId}`);
      expect(notMine.body.items).toEqual([]);
    });

    it('denies: releases holds, removes the queued part, refuses later decisions, records later recoveries', async () => {
      const fundId = await town('TDENY', '8000000');
      const bankId = id('BDENY');
      // 37500000 at 4000 bp = 15000000: 7500000 per fund; then a second claim queues behind.
      const claim = await openClaim({ bankId, townCode: 'TDENY', principalFen: '37500000' });
      const waiting = await queuedBehind(
        { bankId: id('BDENY2'), townCode: 'TDENY', principalFen: '10000000' },
        fundId,
        { availableFen: '0', heldFen: '8000000', queuedFen: '1500000' },
      );

      await decide('CITY', claim.claimId, { decision: 'APPROVE' }).expect(200);
      const denied = await decide(fundId, claim.claimId, {
        decision: 'DENY',
        reason: 'not a tech loan',
      }).expect(200);
      expect(denied.body).toMatchObject({
        status: 'DENIED',
        shares: [{ heldFen: '0' }, { heldFen: '0' }],
      });
      const released = await reader.waitFor(
        Topics.holdReleased,
        (d) => d['claimId'] === claim.claimId,
        2,
      );
      expect(
        released.map((r) => [r.data['fundId'], r.data['amountFen'], r.data['reason']]),
      ).toEqual([
        ['CITY', '7500000', 'CLAIM_DENIED'],
        [fundId, '7500000', 'CLAIM_DENIED'],
      ]);
      await reader.waitFor(
        Topics.claimDenied,
        (d) => d['claimId'] === claim.claimId && d['reason'] === 'not a tech loan',
      );
      // The released 7500000 filled the waiting claim's queued 1500000 first.
      await suite.queueFilled(waiting.claimId, fundId, {
        availableFen: '6000000',
        heldFen: '2000000',
        queuedFen: '0',
      });

      const late = await decide('CITY', claim.claimId, { decision: 'APPROVE' }).expect(409);
      expect(late.body.code).toBe('CLAIM.CLOSED');
      expect(late.body.detail).toContain('DENIED');

      await reportRecovery(claim, bankId, {
        amountFen: '1000000',
        costsFen: '0',
        netFen: '1000000',
        recoveredOn: '2026-06-01',
      });
      await waitFor('the recovery recorded', async () => {
        const view = await claimView(claim.claimId);
        return (view.history as Array<{ action: string }>).some(
          (h) => h.action === 'RECOVERY_RECORDED',
        )
          ? view
          : undefined;
      });
      expect(reader.of(Topics.recoveryShared, (d) => d['claimId'] === claim.claimId)).toEqual([]);
    });

    it('adjusts the basis: recomputed with the caps as they stand, holds moved, approvals restart; once per round', async () => {
      const fundId = await town('TADJ', '10000000');
      const claim = await openClaim({
        bankId: id('BADJ'),
        townCode: 'TADJ',
        principalFen: '40000000',
      });
      expect(claim.data['shares']).toEqual([
        { fundId: 'CITY', shareFen: '8000000', heldFen: '8000000', queuedFen: '0', filledFen: '0' },
        { fundId, shareFen: '8000000', heldFen: '8000000', queuedFen: '0', filledFen: '0' },
      ]);
      await decide('CITY', claim.claimId, { decision: 'APPROVE' }).expect(200);
      const twice = await decide('CITY', claim.claimId, {
        decision: 'DENY',
        reason: 'changed my mind',
      }).expect(409);
      expect(twice.body.code).toBe('CLAIM.ALREADY_DECIDED');

      const down = await decide(fundId, claim.claimId, {
        decision: 'ADJUST',
        reason: 'collateral sold before default',
        newBasisFen: '30000000',
      }).expect(200);
      expect(down.body).toMatchObject({
        status: 'OPEN',
        basisFen: '30000000',
        poolFen: '12000000',
        bankShareFen: '18000000',
        approvals: { approved: [] },
        shares: [{ heldFen: '6000000' }, { heldFen: '6000000' }],
      });
      const adjusted = await adjustedEvent(claim.claimId);
      expect(adjusted?.data).toMatchObject({
        previousBasisFen: '40000000',
        basisFen: '30000000',
        reason: 'collateral sold before default',
      });
      await reader.waitFor(
        Topics.holdReleased,
        (d) =>
          d['claimId'] === claim.claimId &&
          d['reason'] === 'CLAIM_ADJUSTED' &&
          d['amountFen'] === '2000000',
        2,
      );
      expect(await fund(fundId)).toMatchObject({ availableFen: '4000000', heldFen: '6000000' });

      await decide(fundId, claim.claimId, {
        decision: 'ADJUST',
        reason: 'back up',
        newBasisFen: '40000000',
      }).expect(200);
      await reader.waitFor(
        Topics.holdPlaced,
        (d) =>
          d['claimId'] === claim.claimId &&
          d['cause'] === 'CLAIM_ADJUSTED' &&
          d['amountFen'] === '2000000',
        2,
      );
      await decide('CITY', claim.claimId, { decision: 'APPROVE' }).expect(200);
      const done = await decide(fundId, claim.claimId, { decision: 'APPROVE' }).expect(200);
      expect(done.body).toMatchObject({ status: 'APPROVED', poolFen: '16000000' });
      const after = await decide(fundId, claim.claimId, {
        decision: 'ADJUST',
        reason: 'late',
        newBasisFen: '1',
      }).expect(409);
      expect(after.body.code).toBe('CLAIM.CLOSED');
      const decided = await reader.waitFor(
        Topics.claimDecided,
        (d) => d['claimId'] === claim.claimId,
        5,
      );
      expect(decided.map((e) => e.data['decision'])).toEqual([
        'APPROVE',
        'ADJUST',
        'ADJUST',
        'APPROVE',
        'APPROVE',
      ]);
    });

    it('records each cap that bites, and a zero share still needs its approval', async () => {
      await town('TCAP', '0');
      const bankId = id('BCAP');
      // 3000000000 at 2000 bp = 600000000 > the per-loan cap 500000000.
      const first = await openClaim({ bankId, townCode: 'TCAP', principalFen: '3000000000' });
      expect(first.data).toMatchObject({ poolFen: '500000000', capsApplied: ['PER_LOAN_CAP'] });
      expect(first.data['shares']).toEqual([
        {
          fundId: 'CITY',
          shareFen: '250000000',
          heldFen: '250000000',
          queuedFen: '0',
          filledFen: '0',
        },
        {
          fundId: 'TOWN:TCAP',
          shareFen: '250000000',
          heldFen: '0',
          queuedFen: '250000000',
          filledFen: '0',
        },
      ]);
      const second = await openClaim({ bankId, townCode: 'TCAP', principalFen: '3000000000' });
      expect(second.data).toMatchObject({
        poolFen: '500000000',
        capsApplied: ['PER_LOAN_CAP', 'PER_BANK_ANNUAL_CAP'],
      });
      const third = await openClaim({ bankId, townCode: 'TCAP', principalFen: '3000000000' });
      expect(third.data).toMatchObject({
        poolFen: '0',
        capsApplied: ['PER_BANK_ANNUAL_CAP'],
        bankShareFen: '3000000000',
      });
      await decide('CITY', third.claimId, { decision: 'APPROVE' }).expect(200);
      expect((await claimView(third.claimId)).status).toBe('OPEN');
      const last = await decide('TOWN:TCAP', third.claimId, { decision: 'APPROVE' }).expect(200);
      expect(last.body.status).toBe('APPROVED');
    });
  });

  describe('decisions in bulk (POST /claims/decisions)', () => {
    it('decides each item by the single route’s rules; a refused item changes nothing and stops nothing', async () => {
      const fundId = await town('TBULK', '100000000');
      const bankId = id('BBULK');
      const approveMe = await openClaim({ bankId, townCode: 'TBULK', principalFen: '10000000' });
      const denyMe = await openClaim({ bankId, townCode: 'TBULK', principalFen: '12000000' });
      const adjustMe = await openClaim({ bankId, townCode: 'TBULK', principalFen: '20000000' });
      const before = { adjust: await claimView(adjustMe.claimId) };
      const answer = await api
        .post(manager(fundId), '/claims/decisions', {
          decisions: [
            { claimId: approveMe.claimId, decision: 'APPROVE' },
            { claimId: denyMe.claimId, decision: 'DENY' }, // no reason: refused
            { claimId: 'no-such-claim', decision: 'APPROVE' },
            // over the outstanding: refused by the rules, after nothing was written
            {
              claimId: adjustMe.claimId,
              decision: 'ADJUST',
              reason: 'too much',
              newBasisFen: '20000001',
            },
            { claimId: denyMe.claimId, decision: 'DENY', reason: 'not a tech loan' },
            { claimId: approveMe.claimId, decision: 'APPROVE' }, // this fund approved already
          ],
        })
        .expect(200);
      expect(answer.body).toMatchObject({ decisions: 6, decided: 2, refused: 4 });
      const results = answer.body.results as Array<Record<string, unknown>>;
      expect(results.map((r) => [r['item'], r['status'], r['code'] ?? r['claimStatus']])).toEqual([
        [1, 'DECIDED', 'OPEN'],
        [2, 'REFUSED', 'REQUEST.INVALID'],
        [3, 'REFUSED', 'RESOURCE.NOT_FOUND'],
        [4, 'REFUSED', 'CLAIM.BASIS_OUT_OF_RANGE'],
        [5, 'DECIDED', 'DENIED'],
        [6, 'REFUSED', expect.stringMatching(/^CLAIM\./)],
      ]);
      expect(results[1]?.['errors']).toEqual([expect.objectContaining({ field: 'reason' })]);
      // The adjustment refused changed nothing on its claim.
      expect(await claimView(adjustMe.claimId)).toEqual(before.adjust);
      // The denial released its holds; its events went out like the single route's.
      await reader.waitFor(
        Topics.claimDenied,
        (d) => d['claimId'] === denyMe.claimId && d['reason'] === 'not a tech loan',
      );
      expect((await claimView(approveMe.claimId)).approvals).toMatchObject({
        approved: [fundId],
      });
      // The city's manager finishes the approval in bulk too.
      const city = await api
        .post(manager('CITY'), '/claims/decisions', {
          decisions: [{ claimId: approveMe.claimId, decision: 'APPROVE' }],
        })
        .expect(200);
      expect(city.body.results[0]).toMatchObject({ status: 'DECIDED', claimStatus: 'APPROVED' });
      await reader.waitFor(Topics.claimApproved, (d) => d['claimId'] === approveMe.claimId);
    });

    it('refuses a request without decisions, over 500, or from any role but a fund manager', async () => {
      const empty = await api.post(manager('CITY'), '/claims/decisions', { decisions: [] });
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].field).toBe('decisions');
      const many = Array.from({ length: 501 }, () => ({ claimId: 'x', decision: 'APPROVE' }));
      const tooMany = await api.post(manager('CITY'), '/claims/decisions', { decisions: many });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors[0].field).toBe('decisions');
      const bad = await api.post(manager('CITY'), '/claims/decisions', {
        decisions: [{ claimId: 'x', decision: 'MAYBE' }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('decisions.0.decision');
      for (const who of [bank('B-ANY'), regulator, admin])
        expect(
          (
            await api.post(who, '/claims/decisions', {
              decisions: [{ claimId: 'x', decision: 'APPROVE' }],
            })
          ).status,
        ).toBe(403);
    });
  });

  describe('cure, recovery before payout, breaker', () => {
    it('withdraws a claim on a cure: holds released into the queue, its queued part gone, loan registered again', async () => {
      const fundId = await town('TCURE', '5000000');
      // 20000000 at 4000 bp = 8000000: 4000000 per fund; then a 3000000 share queues fully.
      const cured = await openClaim({
        bankId: id('BCURE'),
        townCode: 'TCURE',
        principalFen: '20000000',
      });
      const waiting = await queuedBehind(
        { bankId: id('BCURE2'), townCode: 'TCURE', principalFen: '15000000' },
        fundId,
        { availableFen: '0', heldFen: '5000000', queuedFen: '2000000' },
      );
      await upstream.emit(Topics.defaultCured, cured.loanId, {
        defaultId: cured.defaultId,
        loanId: cured.loanId,
        bankId: String(cured.data['bankId']),
        curedOn: '2026-05-20',
        outstandingFen: '20000000',
      });
      const [withdrawn] = await reader.waitFor(
        Topics.claimWithdrawn,
        (d) => d['claimId'] === cured.claimId,
      );
      expect(withdrawn?.data).toMatchObject({ reason: 'CURED', withdrawnOn: '2026-05-20' });
      await reader.waitFor(
        Topics.holdReleased,
        (d) => d['claimId'] === cured.claimId && d['reason'] === 'CLAIM_WITHDRAWN',
        2,
      );
      await suite.queueFilled(waiting.claimId, fundId, {
        availableFen: '2000000',
        heldFen: '3000000',
        queuedFen: '0',
      });
      const view = await claimView(cured.claimId);
      expect(view).toMatchObject({
        status: 'WITHDRAWN',
        loan: { status: 'REGISTERED', outstandingFen: '20000000' },
      });
    });

    it('applies a cure that arrives before its default once the claim opens', async () => {
      await town('TEARLY', '100000000');
      const bankId = id('BEARLY');
      const loanId = id('L');
      const defaultId = id('D');
      await upstream.emit(Topics.defaultCured, loanId, {
        defaultId,
        loanId,
        bankId,
        curedOn: '2026-05-21',
        outstandingFen: '1000000',
      });
      await upstream.loanRegistered({
        loanId: id('LBIG'),
        bankId,
        townCode: 'TEARLY',
        principalFen: '100000000000',
      });
      await upstream.loanRegistered({
        loanId,
        bankId,
        townCode: 'TEARLY',
        principalFen: '1000000',
      });
      await upstream.defaultReported({
        defaultId,
        loanId,
        bankId,
        townCode: 'TEARLY',
        outstandingAtDefaultFen: '1000000',
      });
      const [withdrawn] = await reader.waitFor(
        Topics.claimWithdrawn,
        (d) => d['loanId'] === loanId,
      );
      expect(withdrawn?.data['withdrawnOn']).toBe('2026-05-21');
    });

    it('applies repayments and a closing read before their loan’s registration, in order', async () => {
      // Loan topics are not ordered with each other: a consumer that is behind (a restart, a
      // replay from the beginning) may read a repayment before the registration.
      const bankId = id('BORDER');
      const repaidId = id('L');
      const closedId = id('L');
      const repaid = (repaymentId: string, outstandingFen: string) =>
        upstream.emit(Topics.loanRepaid, repaidId, {
          loanId: repaidId,
          bankId,
          repaymentId,
          amountFen: '1000000',
          outstandingFen,
          repaidOn: '2026-05-21',
        });
      await repaid(id('R'), '9000000');
      await repaid(id('R'), '8000000');
      await upstream.emit(Topics.loanClosed, closedId, {
        loanId: closedId,
        bankId,
        closedOn: '2026-05-21',
      });
      await waitFor('the early events kept', async () => {
        const rows = (await suite.pool.service.dataSource.query(
          `SELECT count(*)::int AS n FROM "${suite.pool.schema}".parked_events WHERE loan_id = ANY($1::text[])`,
          [[repaidId, closedId]],
        )) as Array<{ n: number }>;
        return rows[0]?.n === 3 ? true : undefined;
      });
      for (const loanId of [repaidId, closedId])
        await upstream.loanRegistered({
          loanId,
          bankId,
          townCode: 'TORDER',
          principalFen: '10000000',
        });
      const loans = await waitFor('both loans projected with their updates', async () => {
        const rows = (await suite.pool.service.dataSource.query(
          `SELECT loan_id, status, outstanding_fen::text AS outstanding
           FROM "${suite.pool.schema}".loans WHERE loan_id = ANY($1::text[]) ORDER BY loan_id`,
          [[repaidId, closedId]],
        )) as Array<{ loan_id: string; status: string; outstanding: string }>;
        const done = rows.length === 2 && rows.every((r) => r.outstanding !== '10000000');
        return done ? rows : undefined;
      });
      expect(Object.fromEntries(loans.map((r) => [r.loan_id, [r.status, r.outstanding]]))).toEqual({
        [repaidId]: ['REGISTERED', '8000000'],
        [closedId]: ['CLOSED', '0'],
      });
      const left = (await suite.pool.service.dataSource.query(
        `SELECT count(*)::int AS n FROM "${suite.pool.schema}".parked_events WHERE loan_id = ANY($1::text[])`,
        [[repaidId, closedId]],
      )) as Array<{ n: number }>;
      expect(left[0]?.n).toBe(0);
    });

    it('lowers the basis with a recovery before payout and restarts the approvals', async () => {
      const fundId = await town('TREC', '100000000');
      const claim = await openClaim({
        bankId: id('BREC'),
        townCode: 'TREC',
        principalFen: '40000000',
      });
      await decide('CITY', claim.claimId, { decision: 'APPROVE' }).expect(200);
      await reportRecovery(claim, String(claim.data['bankId']), {
        amountFen: '12000000',
        costsFen: '2000000',
        netFen: '10000000',
        recoveredOn: '2026-05-25',
      });
      const adjusted = await adjustedEvent(claim.claimId);
      expect(adjusted?.data).toMatchObject({
        previousBasisFen: '40000000',
        basisFen: '30000000',
        poolFen: '12000000',
      });
      const view = await claimView(claim.claimId);
      expect(view).toMatchObject({
        basisFen: '30000000',
        recoveredBeforePayoutFen: '10000000',
        approvals: { approved: [] },
        shares: [
          { shareFen: '6000000', heldFen: '6000000' },
          { fundId, shareFen: '6000000', heldFen: '6000000' },
        ],
      });
      expect(reader.of(Topics.recoveryShared, (d) => d['claimId'] === claim.claimId)).toEqual([]);
    });

    it('trips the NPL breaker: the claim opens DEFERRED, holds, and needs a CITY manager to lift it', async () => {
      const fundId = await town('TBRK', '100000000');
      const bankId = id('BBRK');
      const claim = await openClaim({
        bankId,
        townCode: 'TBRK',
        principalFen: '10000000',
        alone: true,
      });
      expect(claim.data).toMatchObject({
        status: 'DEFERRED',
        shares: [{ heldFen: '2000000' }, { heldFen: '2000000' }],
      });
      const [tripped] = await reader.waitFor(Topics.breakerTripped, (d) => d['bankId'] === bankId);
      expect(tripped?.data).toMatchObject({
        claimId: claim.claimId,
        defaultedExposureFen: '10000000',
        totalExposureFen: '10000000',
        thresholdBp: 300,
      });
      const refused = await decide('CITY', claim.claimId, { decision: 'APPROVE' }).expect(409);
      expect(refused.body.code).toBe('CLAIM.DEFERRED');
      await api
        .post(manager(fundId), `/claims/${claim.claimId}/lift-deferral`, { reason: 'x' })
        .expect(403);
      await api
        .post(bank(bankId), `/claims/${claim.claimId}/lift-deferral`, { reason: 'x' })
        .expect(403);
      await api.post(manager('CITY'), `/claims/${claim.claimId}/lift-deferral`, {}).expect(400);
      const lifted = await api
        .post(manager('CITY'), `/claims/${claim.claimId}/lift-deferral`, {
          reason: 'reviewed the bank',
        })
        .expect(200);
      expect(lifted.body.status).toBe('OPEN');
      await reader.waitFor(Topics.claimDeferralLifted, (d) => d['claimId'] === claim.claimId);
      await decide('CITY', claim.claimId, { decision: 'APPROVE' }).expect(200);
      expect(
        (await decide(fundId, claim.claimId, { decision: 'APPROVE' }).expect(200)).body.status,
      ).toBe('APPROVED');
    });
  });

  it('fills a fund queue oldest part first when a deposit arrives', async () => {
    const fundId = await town('TQ', '0');
    const claims = [];
    for (const principal of ['15000000', '20000000', '25000000']) {
      claims.push(await openClaim({ bankId: id('BQ'), townCode: 'TQ', principalFen: principal }));
    }
    const before = await fund(fundId);
    expect(queueOf(before)).toEqual([
      [claims[0]?.claimId, '3000000'],
      [claims[1]?.claimId, '4000000'],
      [claims[2]?.claimId, '5000000'],
    ]);
    const deposit = await api.deposit(fundId, '6000000');
    expect(deposit.body.fills).toEqual([
      { claimId: claims[0]?.claimId, amountFen: '3000000', partCompleted: true },
      { claimId: claims[1]?.claimId, amountFen: '3000000', partCompleted: false },
    ]);
    const after = await fund(fundId);
    expect(after).toMatchObject({ availableFen: '0', heldFen: '6000000', queuedFen: '6000000' });
    expect(queueOf(after)).toEqual([
      [claims[1]?.claimId, '1000000'],
      [claims[2]?.claimId, '5000000'],
    ]);
    const fills = await reader.waitFor(
      Topics.holdPlaced,
      (d) => d['fundId'] === fundId && d['cause'] === 'QUEUE_FILLED',
      2,
    );
    // Fill events are keyed by loan, so they may arrive in any order across partitions.
    expect(fills.map((f) => [f.data['claimId'], f.data['amountFen']])).toEqual(
      expect.arrayContaining([
        [claims[0]?.claimId, '3000000'],
        [claims[1]?.claimId, '3000000'],
      ]),
    );
    // A second deposit fills claim 1's part again: each fill carries the part's running total,
    // which is how settlement tells fills inside an approval's held share from later ones.
    await api.deposit(fundId, '1000000');
    const claim1 = claims[1]?.claimId;
    const ofClaim1 = await reader.waitFor(
      Topics.holdPlaced,
      (d) => d['claimId'] === claim1 && d['cause'] === 'QUEUE_FILLED',
      2,
    );
    expect(ofClaim1.map((f) => [f.data['amountFen'], f.data['filledTotalFen']])).toEqual([
      ['3000000', '3000000'],
      ['1000000', '4000000'],
    ]);
  });
});
