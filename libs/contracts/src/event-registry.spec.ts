import { createEvent, validateEventData } from './event-registry';
import { envelopeToWire, wireToEnvelope } from './envelope';
import { Topics } from './topics';

const fundDeposit = {
  depositId: 'dep-1',
  fundId: 'TOWN:XIAOLAN',
  amountFen: '300000000',
  depositedBy: 'fund-manager:TOWN:XIAOLAN',
  depositedAt: '2026-01-05T08:00:00.000Z',
  availableAfterFen: '300000000',
};

/** The deposit above as `source` publishes it. */
const depositEvent = (source: string) =>
  createEvent({ topic: Topics.fundDeposited, source, subject: 'TOWN:XIAOLAN', data: fundDeposit });

describe('event contracts', () => {
  it('accepts a valid payload and round-trips it through Kafka headers and body', () => {
    const event = depositEvent('pool-allocation');
    const wire = envelopeToWire(event.envelope);
    expect(wire.key).toBe('TOWN:XIAOLAN');
    expect(wire.headers['ce_specversion']).toBe('1.0');
    expect(wire.headers['ce_type']).toBe(Topics.fundDeposited);
    const back = wireToEnvelope(wire.headers, wire.value);
    expect(back).toEqual({ ok: true, envelope: event.envelope });
  });

  it.each([
    ['a number', 300000000],
    ['a float string', '3000.5'],
    ['a negative', '-1'],
    ['an exponent', '3e8'],
    ['leading zeros', '0300'],
    ['over eighteen digits', '1234567890123456789'],
  ])('refuses money given as %s and names the field', (_label, amountFen) => {
    const result = validateEventData(Topics.fundDeposited, { ...fundDeposit, amountFen });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('amountFen');
  });

  it('refuses to create an event whose payload breaks its schema', () => {
    expect(() =>
      createEvent({
        topic: Topics.fundDeposited,
        source: 'x',
        subject: 'y',
        data: { ...fundDeposit, fundId: 'nope' },
      }),
    ).toThrow(/fundId/);
  });

  it('says which headers are missing from a malformed message', () => {
    const result = wireToEnvelope({ ce_specversion: '1.0' }, '{}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/missing header\(s\): ce_id, ce_type/);
  });

  it('refuses a body that is not JSON', () => {
    const event = depositEvent('s');
    const wire = envelopeToWire(event.envelope);
    const result = wireToEnvelope(wire.headers, '{not json');
    expect(result.ok).toBe(false);
  });
});
